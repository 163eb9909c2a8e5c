#!/usr/bin/env node
/// <reference types="node" />
// `npx apple-pay-session-button-emulator [--port 8787] [--host localhost]`: the Connect emulator on its own.
import { parseArgs } from 'node:util';
import { EMULATOR_CREDENTIALS, startConnectEmulator } from './node.js';

const HELP = `Usage: npx apple-pay-session-button-emulator [options]

The Connect emulator on its own: the Client API that <apple-pay-session-button> calls, the Server API calls a
merchant's server makes (client sessions, payments), and fault switches. For tests and local development;
it makes no real payment.

Options:
  -p, --port <port>   port to listen on (default 8787; 0: any free port)
      --host <host>   host name or address to listen on (default localhost)
  -h, --help          print this help

Environment: the emulator reads none. Point your server at it with
  CONNECT_API_ENDPOINT=http://localhost:8787  CONNECT_MERCHANT_ID=${EMULATOR_CREDENTIALS.merchantId}
  CONNECT_API_KEY_ID=${EMULATOR_CREDENTIALS.apiKeyId}  CONNECT_SECRET_API_KEY=${EMULATOR_CREDENTIALS.secretApiKey}

Docs: https://github.com/apple-pay-session-button/apple-pay-session-button/blob/main/docs/testing.md`;

/* eslint-disable no-console -- the program's output */
/** A usage mistake: the reason and the help, on stderr, and exit code 2 (no stack trace). */
function usageError(reason: string): never {
  console.error(`${reason}\n\n${HELP}`);
  process.exit(2);
}

let values: { port: string; host: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p', default: '8787' },
      host: { type: 'string', default: 'localhost' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  usageError((error as Error).message);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const port = Number(values.port);
if (!/^\d+$/.test(values.port) || port > 65535) usageError(`Not a port: ${values.port}`);

const emulator = await startConnectEmulator({ port, host: values.host }).catch(
  (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `Port ${port} is in use: choose another with --port (0: any free port).`
        : `Cannot listen on ${values.host}:${port}: ${error.message}`,
    );
    process.exit(1);
  },
);
console.log(`Connect emulator on ${emulator.url}
  Client API         ${emulator.url}/client/v1
  a client session   POST ${emulator.url}/emulator/client-sessions
  Server API         ${emulator.url}/v1/${EMULATOR_CREDENTIALS.merchantId}/sessions, …/payments
                     (apiKeyId ${EMULATOR_CREDENTIALS.apiKeyId}, secretApiKey ${EMULATOR_CREDENTIALS.secretApiKey})
  a fault            POST ${emulator.url}/emulator/fault {"fault":"500","clientSessionId":"…"}
  a payment fault    POST ${emulator.url}/emulator/server-fault {"fault":"late","operation":"payments.create"}
  webhooks           POST ${emulator.url}/emulator/webhooks {"url":"…","keyId":"…","secretKey":"…"}
  its payments       GET  ${emulator.url}/emulator/payments`);
