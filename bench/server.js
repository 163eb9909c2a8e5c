// `npm run bench:server`: what apple-pay-session-button/server adds to a charge, and how many charges per second
// one process makes.
//
// Layout. The Connect emulator runs in a process of its own, as Connect is another machine in production: in this
// process its work would share the event loop with what is measured and count as the server's. This process is
// the merchant's: it makes the same Apple Pay payment with a bare connect-sdk-nodejs `payments.create`, and through
// the server's charge route (`server.fetch`, as a framework calls it: order book, claim, payment, outcome) with
// the embedded store and with PostgreSQL (a private cluster with fsync on, in processes of its own).
//
// Method. The machine is shared and its load changes from second to second, so the three configurations are
// interleaved: each round runs a block of each (in a rotating order) — charges one after another for the latency,
// then charges 32 at a time for the rate — and the figures pool every round's samples. A ratio is also taken within
// each round (server median / bare median of the same round), which a change of load between rounds does not
// move; their spread is printed. CPU time per charge (process.cpuUsage of this process, and of the emulator's
// from /proc on Linux) depends far less on the load than wall-clock time does.
//
//   BENCH_ROUNDS=8 BENCH_SEQUENTIAL=300 BENCH_CONCURRENT=1500 npm run bench:server
//   BENCH_BREAKDOWN=1 …   adds the server with an in-memory store, to tell the server's own cost from the store's
//
// BENCH_SERVER=<another build's dist/server/index.js> measures that build's server instead (e.g. before a change:
// `git worktree add ../before main`, build there); run it and this one in turns, as the load drifts. Two builds in
// one process would not be a fair pair: a hook one of them sets (AsyncLocalStorage on Node 20) slows the other.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { URL, pathToFileURL } from 'node:url';
import connectSdk from 'connect-sdk-nodejs';
import { startPostgres } from '../scripts/postgres.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 250);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 1000);
const WARM_UP = 300;
const AT_ONCE = 32;
const GOAL_RATIO = 1.3;
const GOAL_RATE = 500;
const credentials = {
  apiKeyId: 'emulator-api-key-id',
  secretApiKey: 'emulator-secret-api-key',
  merchantId: '1234',
};
const { createApplePayServer, fileOrderStore, memoryOrderStore, postgresOrderStore } = await import(
  process.env.BENCH_SERVER
    ? pathToFileURL(resolve(process.env.BENCH_SERVER)).href
    : '../dist/server/index.js'
);
const paymentData = { version: 'EC_v1', data: 'YmVuY2g=', signature: 'c2ln', header: {} };
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const loadAtStart = load();

const emulator = spawn(process.execPath, ['dist/testing/connect-emulator/cli.js', '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
process.on('exit', () => emulator.kill());
const url = (
  await createInterface({ input: emulator.stdout })[Symbol.asyncIterator]().next()
).value.match(/http:\/\/localhost:\d+/)[0];
const endpoint = new URL(url);

/** The emulator's CPU time so far, ms (Linux: /proc; elsewhere undefined). */
function emulatorCpu() {
  try {
    const fields = readFileSync(`/proc/${emulator.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, at 100 ticks/s
  } catch {
    return undefined;
  }
}
const cpuMs = (usage) => (usage.user + usage.system) / 1000;

const client = connectSdk.init({
  host: endpoint.hostname,
  scheme: 'http',
  port: Number(endpoint.port),
  ...credentials,
  integrator: 'bench',
  connectionOptions: { agent: new Agent({ keepAlive: true, timeout: 30_000 }) },
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
  const logged = new Map(); // errorId → the log entry, to say why a charge failed
  const server = await createApplePayServer({
    connect: { ...credentials, apiEndpoint: url },
    orders: () => ({ amount: 1250, currencyCode: 'EUR' }),
    store,
    log: (entry) => entry.errorId && logged.set(entry.errorId, entry),
  });
  const charge = async (orderId) => {
    const response = await server.fetch(
      new globalThis.Request('http://shop.localhost/api/apple-pay/charge', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ orderId, token: { paymentData } }),
      }),
    );
    const text = await response.text();
    if (response.status !== 200) {
      const { errorId } = JSON.parse(text);
      throw new Error(`charge: ${response.status} ${text} ${JSON.stringify(logged.get(errorId))}`);
    }
    if (logged.size > 1000) logged.clear();
  };
  return { server, charge };
}

const dataDir = mkdtempSync(join(tmpdir(), 'bench-store-'));
const fileStore = await fileOrderStore(dataDir);
const embedded = await viaServer(fileStore);
const postgres = await startPostgres({ durable: true });
const pgStore = await postgresOrderStore({ connectionString: postgres.url });
const viaPostgres = await viaServer(pgStore);
const servers = [embedded, viaPostgres];
const stores = [fileStore, pgStore];
const configs = [
  { name: 'bare connect-sdk-nodejs payments.create', charge: bare },
  { name: 'server, embedded store', charge: embedded.charge },
  { name: 'server, PostgreSQL', charge: viaPostgres.charge },
];
if (process.env.BENCH_BREAKDOWN) {
  // The server with the store taken out (in memory: no disk, no database), to tell its own cost from the store's.
  const inMemory = await viaServer(memoryOrderStore());
  servers.push(inMemory);
  configs.push({ name: 'server, memory store (no store: the breakdown)', charge: inMemory.charge });
}
for (const [index, config] of configs.entries())
  Object.assign(config, {
    ...config,
    tag: `c${index}`,
    times: [],
    roundMedians: [],
    rates: [],
    cpu: [],
    systemCpu: [],
    emulatorCpu: [],
  });

const median = (sorted) => sorted[sorted.length >> 1];
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const sorted = (list) => [...list].sort((a, b) => a - b);
let serial = 0;
const key = (config, kind) => `${config.tag}-${kind}-${process.pid}-${serial++}`;

for (const config of configs)
  for (let i = 0; i < WARM_UP; i++) await config.charge(key(config, 'warm'));

for (let round = 0; round < ROUNDS; round++) {
  const order = configs.map((_, i) => configs[(i + round) % configs.length]);
  for (const config of order) {
    const times = [];
    const cpuBefore = process.cpuUsage();
    const emulatorBefore = emulatorCpu();
    for (let i = 0; i < SEQUENTIAL; i++) {
      const started = performance.now();
      await config.charge(key(config, 'seq'));
      times.push(performance.now() - started);
    }
    const used = process.cpuUsage(cpuBefore);
    config.cpu.push(cpuMs(used) / SEQUENTIAL);
    config.systemCpu.push(used.system / 1000 / SEQUENTIAL);
    const emulatorAfter = emulatorCpu();
    if (emulatorBefore !== undefined && emulatorAfter !== undefined)
      config.emulatorCpu.push((emulatorAfter - emulatorBefore) / SEQUENTIAL);
    config.times.push(...times);
    config.roundMedians.push(median(sorted(times)));
  }
  for (const config of order) {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        while (next++ < CONCURRENT) await config.charge(key(config, 'con'));
      }),
    );
    config.rates.push(CONCURRENT / ((performance.now() - started) / 1000));
  }
}

const [baseline] = configs;
const baseMedian = median(sorted(baseline.times));
const range = (list, digits, unit = '') => {
  const s = sorted(list);
  return `${s[0].toFixed(digits)}–${s[s.length - 1].toFixed(digits)}${unit}`;
};
console.log(
  `\n${ROUNDS} rounds, each: ${SEQUENTIAL} charges one after another per configuration, then ${CONCURRENT} with ` +
    `${AT_ONCE} at a time. Load average ${loadAtStart} at the start, ${load()} at the end; node ${process.version}; ` +
    `the server from ${process.env.BENCH_SERVER ?? 'dist/server'}.\n`,
);
for (const config of configs) {
  const times = sorted(config.times);
  const rate = median(sorted(config.rates));
  const ratio = median(times) / baseMedian;
  const roundRatios = config.roundMedians.map((m, i) => m / baseline.roundMedians[i]);
  const isBare = config === baseline;
  console.log(
    `${config.name}\n` +
      `  latency: median ${median(times).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms ` +
      `(round medians ${range(config.roundMedians, 2, ' ms')})\n` +
      `  rate: ${rate.toFixed(0)} charges/s with ${AT_ONCE} at a time (rounds ${range(config.rates, 0)})\n` +
      `  CPU per charge: this process ${median(sorted(config.cpu)).toFixed(2)} ms ` +
      `(rounds ${range(config.cpu, 2)}; in the kernel ${median(sorted(config.systemCpu)).toFixed(2)} ms)` +
      (config.emulatorCpu.length
        ? `, the emulator ${median(sorted(config.emulatorCpu)).toFixed(2)} ms`
        : '') +
      (isBare
        ? `\n  goal: ${GOAL_RATE} charges/s — ${rate >= GOAL_RATE ? 'met' : 'not met'} by the bare call itself`
        : `\n  ×${ratio.toFixed(2)} the bare median (within a round: median ×` +
          `${median(sorted(roundRatios)).toFixed(2)}, ${range(roundRatios, 2)}) — ` +
          `goal ≤ ×${GOAL_RATIO}: ${ratio <= GOAL_RATIO ? 'met' : 'not met'}; ` +
          `goal ≥ ${GOAL_RATE}/s: ${rate >= GOAL_RATE ? 'met' : 'not met'} ` +
          `(${((rate / median(sorted(baseline.rates))) * 100).toFixed(0)}% of the bare rate)`),
  );
}
await Promise.all(servers.map(({ server }) => server.close()));
await Promise.all(stores.map((store) => store.close()));
await postgres.stop();
rmSync(dataDir, { recursive: true, force: true });
emulator.kill();
