#!/usr/bin/env node
/// <reference types="node" />
// `npx apple-pay-session-button-emulator [--port 8787] [--host localhost]`: the Connect emulator on its own.
import { parseArgs } from 'node:util';
import { EMULATOR_CREDENTIALS, startConnectEmulator } from './node.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: '8787' },
    host: { type: 'string', default: 'localhost' },
  },
});
const emulator = await startConnectEmulator({ port: Number(values.port), host: values.host });
// eslint-disable-next-line no-console -- the program's output
console.log(`Connect emulator on ${emulator.url}
  Client API         ${emulator.url}/client/v1
  a client session   POST ${emulator.url}/emulator/client-sessions
  Server API         ${emulator.url}/v1/${EMULATOR_CREDENTIALS.merchantId}/sessions, …/payments
                     (apiKeyId ${EMULATOR_CREDENTIALS.apiKeyId}, secretApiKey ${EMULATOR_CREDENTIALS.secretApiKey})
  a fault            POST ${emulator.url}/emulator/fault {"fault":"500","clientSessionId":"…"}
  a payment fault    POST ${emulator.url}/emulator/server-fault {"fault":"late","operation":"payments.create"}
  webhooks           POST ${emulator.url}/emulator/webhooks {"url":"…","keyId":"…","secretKey":"…"}
  its payments       GET  ${emulator.url}/emulator/payments`);
