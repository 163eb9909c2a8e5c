// `npm run bench:server`: what apple-pay-session-button/server adds to a charge. The Connect emulator runs in a
// process of its own; this process makes the same payment with a bare connect-sdk-nodejs `payments.create`, and
// through the server's charge route (claim, payment, record) with the embedded store and with PostgreSQL.
// Prints median and p90 latency, charges per second with 32 at a time, and the ratio of the medians.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { URL } from 'node:url';
import connectSdk from 'connect-sdk-nodejs';
import { createApplePayServer, fileOrderStore, postgresOrderStore } from '../dist/server/index.js';
import { startPostgres } from '../scripts/postgres.js';

const SEQUENTIAL = 500;
const CONCURRENT = 2000;
const AT_ONCE = 32;
const credentials = {
  apiKeyId: 'emulator-api-key-id',
  secretApiKey: 'emulator-secret-api-key',
  merchantId: '1234',
};
const paymentData = { version: 'EC_v1', data: 'YmVuY2g=', signature: 'c2ln', header: {} };

const emulator = spawn(process.execPath, ['dist/testing/connect-emulator/cli.js', '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
process.on('exit', () => emulator.kill());
const url = (
  await createInterface({ input: emulator.stdout })[Symbol.asyncIterator]().next()
).value.match(/http:\/\/localhost:\d+/)[0];
const endpoint = new URL(url);

async function measure(name, charge) {
  const tag = name.replace(/[^a-z]+/gi, '');
  for (let i = 0; i < 200; i++) await charge(`warm-${tag}-${i}`);
  const times = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const started = performance.now();
    await charge(`seq-${tag}-${i}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: AT_ONCE }, async () => {
      while (next < CONCURRENT) await charge(`con-${tag}-${next++}`);
    }),
  );
  const perSecond = CONCURRENT / ((performance.now() - started) / 1000);
  return {
    name,
    median: times[times.length >> 1],
    p90: times[Math.floor(times.length * 0.9)],
    perSecond,
  };
}

const client = connectSdk.init({
  host: endpoint.hostname,
  scheme: 'http',
  port: Number(endpoint.port),
  ...credentials,
  integrator: 'bench',
  connectionOptions: { agent: new Agent({ keepAlive: true }) },
});
const bare = (key) =>
  client.v1.payments
    .create(
      credentials.merchantId,
      {
        order: {
          amountOfMoney: { amount: 1250, currencyCode: 'EUR' },
          references: { merchantReference: key },
        },
        mobilePaymentMethodSpecificInput: {
          paymentProductId: 302,
          encryptedPaymentData: JSON.stringify(paymentData),
          authorizationMode: 'FINAL_AUTHORIZATION',
        },
      },
      { idempotence: { key } },
    )
    .then((response) => {
      if (response.status !== 201) throw new Error(`bare payment: ${response.status}`);
    });

async function viaServer(store) {
  const server = await createApplePayServer({
    connect: { ...credentials, apiEndpoint: url },
    orders: () => ({ amount: 1250, currencyCode: 'EUR' }),
    store,
    log: () => undefined,
  });
  const charge = async (orderId) => {
    const response = await server.fetch(
      new globalThis.Request('http://shop.localhost/api/apple-pay/charge', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ orderId, token: { paymentData } }),
      }),
    );
    if (response.status !== 200)
      throw new Error(`charge: ${response.status} ${await response.text()}`);
  };
  return { server, charge };
}

const results = [await measure('bare connect-sdk-nodejs payments.create', bare)];
const embedded = await viaServer(await fileOrderStore(mkdtempSync(join(tmpdir(), 'bench-store-'))));
results.push(await measure('server, embedded store', embedded.charge));
const postgres = await startPostgres({ durable: true });
const pgStore = await postgresOrderStore({ connectionString: postgres.url });
const viaPostgres = await viaServer(pgStore);
results.push(await measure('server, PostgreSQL', viaPostgres.charge));
const [baseline] = results;
console.log(
  `\n${SEQUENTIAL} charges one after another, then ${CONCURRENT} with ${AT_ONCE} at a time:\n`,
);
for (const { name, median, p90, perSecond } of results)
  console.log(
    `${name.padEnd(42)} median ${median.toFixed(2)} ms  p90 ${p90.toFixed(2)} ms  ` +
      `${perSecond.toFixed(0)} charges/s  ×${(median / baseline.median).toFixed(2)} the bare median`,
  );
await Promise.all([embedded.server.close(), viaPostgres.server.close()]);
await pgStore.close();
await postgres.stop();
emulator.kill();
