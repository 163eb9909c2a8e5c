// The exactly-once rules, tried the way production tries them: at least 1,000 random schedules per run of
// concurrent and repeated charges (same and different tokens, declines), every fault the Connect emulator has on
// every kind of call, webhooks lost and late, servers restarted in the middle of a charge, and two servers on
// one PostgreSQL. Each schedule is then left to settle with the faults stopped, and checked against the
// emulator's own record of payments: at most one payment taken per order, status 0 only for an order Connect
// holds a payment for, the amount always the order book's, "open" never said of an order whose money Connect
// had already taken, every order settled to what Connect holds, and no Connect message in a browser's answer.
//
//   CHAOS_SEED=1234 npx vitest run --project node test/node/server-chaos.test.ts    replays a run's choices
//   CHAOS_SCHEDULES=5000 …                                                          more schedules
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createApplePayServer,
  postgresOrderStore,
  type OrderStore,
} from '../../src/server/index.js';
import { EMULATOR_CREDENTIALS } from '../../src/testing/connect-emulator/node.js';
import type {
  EmulatedPayment,
  ServerCall,
  ServerFault,
} from '../../src/testing/connect-emulator/node.js';
import {
  CONNECT_WORDS,
  WEBHOOK_KEY,
  applePayToken,
  browserRequest,
  connectSettings,
  emulatedConnect,
  temporaryDir,
  type Emulated,
} from './support/apple-pay-server.js';

const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SCHEDULES = Number(process.env.CHAOS_SCHEDULES ?? 1000);
// Besides those in this process: schedules against two real server processes (the package's bin) on one
// PostgreSQL, one of them killed (SIGKILL) in the middle of a charge and started again; and against one server
// process with the embedded store, killed the same way: a kill just after an answer loses the outcome's journal
// line (it waits for the next flush), and the order must settle from Connect to what the shopper was told.
const PROCESS_SCHEDULES = 48;
const PROCESS_RESTARTS = 3;
const EMBEDDED_PROCESS_SCHEDULES = 24;
const EMBEDDED_PROCESS_RESTARTS = 3;
const BIN = fileURLToPath(new URL('../../dist/server/cli.js', import.meta.url));
const CONCURRENCY = 40;
// Tiny deadlines, so that "late" and "slow" cost milliseconds: a late answer comes well after the deadline.
const DEADLINES = { payment: 120, lookup: 200, session: 200, leaseMargin: 40 };
const SLOW_MS = 15;
const LATE_MS = 300;
const TAKEN = new Set(['PENDING_APPROVAL', 'CAPTURE_REQUESTED']);

/** mulberry32: a small seeded generator, so that a run's choices can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick<T>(weighted: [T, number][]): T {
      let roll = next() * weighted.reduce((sum, [, w]) => sum + w, 0);
      for (const [value, weight] of weighted) if ((roll -= weight) < 0) return value;
      return weighted[0]![0];
    },
  };
}
type Random = ReturnType<typeof random>;

const CREATE_FAULTS: [ServerFault, number][] = [
  ['none', 45],
  ['slow', 8],
  ['late', 10],
  ['lost-after-taking', 10],
  ['5xx-before', 8],
  ['5xx-after', 9],
  ['unreachable', 10],
];
const READ_FAULTS: [ServerFault, number][] = [
  ['none', 70],
  ['slow', 6],
  ['late', 6],
  ['lost-after-taking', 6],
  ['5xx-before', 6],
  ['unreachable', 6],
];

interface Answer {
  route: 'charge' | 'order';
  sentAt: number;
  status: number;
  body: { status?: number; orderState?: string; state?: string; paymentId?: string };
  text: string;
  /** From a server that crashed while answering: the browser never got it. */
  lost?: boolean;
}

type Kind =
  | 'embedded'
  | 'restart'
  | 'postgres'
  | 'process'
  | 'process-restart'
  | 'embedded-process'
  | 'embedded-process-restart';

/** Whatever answers the routes: a server in this process, or a server process over HTTP. */
interface Endpoint {
  fetch(request: Request): Promise<Response>;
}

/** One schedule: an order, what the shopper's page does with it, and the faults its Connect calls meet. */
interface Schedule {
  index: number;
  orderId: string;
  kind: Kind;
  amount: number;
  rng: Random;
  webhooks: boolean;
  faultsOn: boolean;
  lastCallAt: number;
  answers: Answer[];
  /** The server(s) that answer for it now. */
  servers: Endpoint[];
}

const figures = {
  schedules: 0,
  embedded: 0,
  restarts: 0,
  postgres: 0,
  processes: 0,
  processRestarts: 0,
  embeddedProcesses: 0,
  embeddedProcessRestarts: 0,
  charges: 0,
  connectCalls: 0,
  faults: {} as Record<string, number>,
  paymentsTaken: 0,
  declines: 0,
  ...violations(),
};

/** What must never happen: each counted over the whole run, each must stay 0. */
function violations() {
  return {
    doublePayments: 0,
    falseSuccesses: 0,
    falseNotCharged: 0,
    wrongAmounts: 0,
    unsettledOrders: 0,
    connectWordsInAnswers: 0,
  };
}

let connect: Emulated;
const schedules = new Map<string, Schedule>();
const paymentOrder = new Map<string, string>();
let shared: Endpoint;
let sharedPg: Endpoint[] = [];
/** The two server processes (the first is the one killed and started again). */
const processes: Endpoint[] = [];
/** The server process with the embedded store, and its environment (its DATA_DIR). */
const embeddedProcess: Endpoint[] = [];
let embeddedEnv: Record<string, string> = {};
let embeddedKilled: ServerProcess;
const processLogs: string[] = [];
const toClose: { close(): Promise<void> }[] = [];

const orderOfReference = (reference?: string) => reference?.replace(/-\d+$/, '');

function faultFor(call: ServerCall): ServerFault {
  const orderId =
    orderOfReference(call.merchantReference) ??
    orderOfReference(
      call.paymentId
        ? (paymentOrder.get(call.paymentId) ??
            connect.api.payments().find((p) => p.id === call.paymentId)?.merchantReference)
        : undefined,
    );
  const schedule = orderId ? schedules.get(orderId) : undefined;
  if (!schedule) return 'none';
  schedule.lastCallAt = Date.now();
  figures.connectCalls++;
  if (!schedule.faultsOn) return 'none';
  const fault = schedule.rng.pick(
    call.operation === 'payments.create' ? CREATE_FAULTS : READ_FAULTS,
  );
  figures.faults[fault] = (figures.faults[fault] ?? 0) + 1;
  return fault;
}

/** Connect's webhooks reach the schedule's current server — or are lost, or late. */
async function deliverWebhook(request: Request) {
  const event = (await request.clone().json()) as {
    payment: { id: string; paymentOutput: { references: { merchantReference?: string } } };
  };
  const orderId = orderOfReference(event.payment.paymentOutput.references.merchantReference);
  const schedule = orderId ? schedules.get(orderId) : undefined;
  if (!schedule?.webhooks || schedule.rng.chance(0.3)) return;
  await new Promise((resolve) => setTimeout(resolve, schedule.rng.int(LATE_MS)));
  const server = schedule.servers[schedule.rng.int(schedule.servers.length)]!;
  await server.fetch(
    new Request('https://shop.example/api/apple-pay/webhooks', {
      method: 'POST',
      headers: request.headers,
      body: await request.text(),
    }),
  );
}

const orderBook = (orderId: string) => {
  const schedule = schedules.get(orderId);
  return schedule && { amount: schedule.amount, currencyCode: 'EUR' };
};

async function server(store: { store?: OrderStore; dataDir?: string }) {
  const created = await createApplePayServer({
    connect: connectSettings(connect.emulator),
    orders: orderBook,
    webhooks: WEBHOOK_KEY,
    deadlines: DEADLINES,
    log: () => undefined,
    ...store,
  });
  toClose.push(created);
  return created;
}

async function ask(schedule: Schedule, server: Endpoint, request: Request, route: Answer['route']) {
  const sentAt = Date.now();
  let answer: Answer;
  try {
    const response = await server.fetch(request);
    const text = await response.text();
    answer = { route, sentAt, status: response.status, text, body: JSON.parse(text) };
  } catch {
    // The server process was killed while answering: the browser got nothing.
    answer = { route, sentAt, status: 0, text: '', body: {}, lost: true };
  }
  schedule.answers.push(answer);
  return answer;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the shopper's page does: charges (new, repeated, concurrent), and asks for the order's state. */
async function shop(schedule: Schedule, crashAt?: { step: number; then: () => Promise<void> }) {
  const { rng } = schedule;
  let token = applePayToken({ decline: rng.chance(0.25) });
  const steps = 1 + rng.int(4);
  const pick = () => schedule.servers[rng.int(schedule.servers.length)]!;
  const charge = (t: object) => {
    figures.charges++;
    return ask(
      schedule,
      pick(),
      browserRequest('/charge', { body: { orderId: schedule.orderId, token: t } }),
      'charge',
    );
  };
  for (let step = 0; step < steps; step++) {
    const action = rng.pick<'new' | 'repeat' | 'concurrent' | 'status'>([
      ['new', 4],
      ['repeat', 2],
      ['concurrent', 3],
      ['status', 2],
    ]);
    if (action === 'new') token = applePayToken({ decline: rng.chance(0.25) });
    const work =
      action === 'status'
        ? [ask(schedule, pick(), browserRequest(`/orders/${schedule.orderId}`), 'order')]
        : action === 'concurrent'
          ? Array.from({ length: 2 + rng.int(2) }, () =>
              charge(rng.chance(0.5) ? token : applePayToken({ decline: rng.chance(0.25) })),
            )
          : [charge(token)];
    if (crashAt?.step === step) {
      await pause(rng.int(DEADLINES.payment));
      const answered = schedule.answers.length;
      await crashAt.then();
      // Answers still coming from the crashed server never reach the browser.
      void Promise.allSettled(work).then(() => {
        for (const answer of schedule.answers.slice(answered)) answer.lost = true;
      });
    } else {
      await Promise.allSettled(work);
    }
    await pause(rng.int(30));
  }
}

/** With the faults stopped, asks until the order is settled and nothing of it can still be running at Connect. */
async function settle(schedule: Schedule) {
  schedule.faultsOn = false;
  const deadline = Date.now() + 20_000;
  for (;;) {
    // A late request may still arrive and finish at Connect until LATE_MS after the order's last call.
    const quiet = schedule.lastCallAt + LATE_MS + 40 - Date.now();
    if (quiet > 0) await pause(quiet);
    const { body, lost } = await ask(
      schedule,
      schedule.servers[0]!,
      browserRequest(`/orders/${schedule.orderId}`),
      'order',
    );
    const stillQuiet = Date.now() > schedule.lastCallAt + LATE_MS + 40;
    if ((!lost && body.state !== 'charging' && stillQuiet) || Date.now() > deadline) return body;
    await pause(60);
  }
}

function check(schedule: Schedule, final: Answer['body'], payments: EmulatedPayment[]) {
  const ours = payments.filter((p) => orderOfReference(p.merchantReference) === schedule.orderId);
  const taken = ours.filter((p) => TAKEN.has(p.status));
  figures.paymentsTaken += taken.length;
  figures.declines += ours.length - taken.length;
  if (taken.length > 1) figures.doublePayments++;
  if (ours.some((p) => p.amount !== schedule.amount || p.currencyCode !== 'EUR'))
    figures.wrongAmounts++;
  const answers = schedule.answers.filter((a) => !a.lost);
  for (const answer of answers) {
    if (CONNECT_WORDS.test(answer.text)) figures.connectWordsInAnswers++;
    if (answer.body.status === 0 && !taken.some((p) => p.id === answer.body.paymentId))
      figures.falseSuccesses++;
    const state = answer.body.orderState ?? answer.body.state;
    if (state === 'paid' && !taken.some((p) => p.id === answer.body.paymentId))
      figures.falseSuccesses++;
    // "Not charged" about money Connect had taken (its request arrived) before the question was even asked.
    if (state === 'open' && taken.some((p) => p.receivedAt < answer.sentAt))
      figures.falseNotCharged++;
  }
  const settled =
    final.state !== 'charging' &&
    (taken.length
      ? final.state === 'paid' && final.paymentId === taken[0]!.id
      : final.state === 'open');
  if (!settled) {
    figures.unsettledOrders++;
    if (process.env.CHAOS_DEBUG)
      console.log(
        JSON.stringify({ kind: schedule.kind, final, ours, answers: schedule.answers.slice(0, 8) }),
      );
  }
}

/** A server process: the package's bin, configured by environment as a merchant would. */
interface ServerProcess {
  endpoint: Endpoint;
  kill(): Promise<void>;
}
let processEnv: Record<string, string> = {};
let killed: ServerProcess;

async function startProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...processEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => processLogs.push(text));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}): ${processLogs.join('')}`)),
    );
  });
  const origin = line.match(/http:\/\/localhost:\d+/)![0].replace('localhost', '127.0.0.1');
  const running: ServerProcess = {
    endpoint: {
      fetch: async (request) => {
        const url = new URL(request.url);
        return fetch(`${origin}${url.pathname}${url.search}`, {
          method: request.method,
          headers: request.headers,
          body: request.body ? await request.text() : undefined,
        });
      },
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
  toClose.push({ close: () => running.kill() });
  return running;
}

function scheduleFor(index: number, kind: Kind): Schedule {
  const rng = random(SEED + index * 7919);
  return {
    index,
    orderId: `chaos-${SEED}-${index}`,
    kind,
    amount: rng.chance(0.1) ? 402 : 100 + rng.int(100_000),
    rng,
    webhooks: rng.chance(0.5),
    faultsOn: true,
    lastCallAt: 0,
    answers: [],
    servers: [],
  };
}

async function run(schedule: Schedule) {
  const { kind } = schedule;
  schedules.set(schedule.orderId, schedule);
  figures.schedules++;
  const counted = {
    embedded: 'embedded',
    restart: 'restarts',
    postgres: 'postgres',
    process: 'processes',
    'process-restart': 'processRestarts',
    'embedded-process': 'embeddedProcesses',
    'embedded-process-restart': 'embeddedProcessRestarts',
  } as const;
  figures[counted[kind]]++;
  if (kind === 'process' || kind === 'process-restart') schedule.servers = processes;
  if (kind === 'embedded-process' || kind === 'embedded-process-restart')
    schedule.servers = embeddedProcess;
  if (kind === 'embedded') schedule.servers = [shared];
  if (kind === 'postgres') schedule.servers = sharedPg;
  if (kind === 'restart') {
    const dataDir = temporaryDir('apple-pay-chaos-');
    const first = await server({ dataDir });
    schedule.servers = [first];
    await shop(schedule, {
      step: 0,
      async then() {
        await first.close(); // the process dies: its sockets close, its store takes no more writes
        schedule.servers = [await server({ dataDir })];
      },
    });
  } else if (kind === 'process-restart') {
    await shop(schedule, {
      step: 0,
      async then() {
        await killed.kill(); // SIGKILL: nothing of the process runs on
        killed = await startProcess();
        processes[0] = killed.endpoint;
      },
    });
  } else if (kind === 'embedded-process-restart') {
    await shop(schedule, {
      step: 0,
      async then() {
        await embeddedKilled.kill(); // SIGKILL: journal lines not flushed yet are lost
        embeddedKilled = await startProcess(embeddedEnv); // the same DATA_DIR
        embeddedProcess[0] = embeddedKilled.endpoint;
      },
    });
  } else {
    await shop(schedule);
  }
  const final = await settle(schedule);
  return { schedule, final };
}

beforeAll(async () => {
  if (!existsSync(BIN))
    throw new Error('Build the package first (npm run build): the chaos test runs its bin');
  connect = await emulatedConnect({
    fault: faultFor,
    slowMs: SLOW_MS,
    lateMs: LATE_MS,
    webhooks: { ...WEBHOOK_KEY, deliver: (request) => deliverWebhook(request) },
  });
  shared = await server({ dataDir: temporaryDir('apple-pay-chaos-') });
  const table = `chaos_${SEED}`;
  const stores = await Promise.all(
    [0, 1].map(() => postgresOrderStore({ connectionString: inject('databaseUrl'), table })),
  );
  for (const store of stores) toClose.push(store);
  sharedPg = await Promise.all(stores.map((store) => server({ store })));
}, 30_000);

afterAll(async () => {
  for (const item of toClose.reverse()) await item.close().catch(() => undefined);
  await connect?.close();
});

describe('exactly once, under chaos', () => {
  it(`holds over ${SCHEDULES} random schedules (seed ${SEED})`, async () => {
    const started = Date.now();
    console.log(`chaos: seed ${SEED} — replay with CHAOS_SEED=${SEED}`);
    const kinds: Kind[] = Array.from({ length: SCHEDULES }, (_, i) =>
      random(SEED + i).pick<Kind>([
        ['embedded', 55],
        ['restart', 10],
        ['postgres', 35],
      ]),
    );
    const results: Awaited<ReturnType<typeof run>>[] = [];
    const runAll = async (list: Schedule[], concurrency: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < list.length) results.push(await run(list[next++]!));
        }),
      );
    };
    await runAll(
      kinds.map((kind, index) => scheduleFor(index, kind)),
      CONCURRENCY,
    );

    // Two real server processes on one PostgreSQL; the order book is their ORDERS_FILE.
    const processSchedules = Array.from({ length: PROCESS_SCHEDULES }, (_, i) =>
      scheduleFor(
        SCHEDULES + i,
        i % (PROCESS_SCHEDULES / PROCESS_RESTARTS) === 5 ? 'process-restart' : 'process',
      ),
    );
    const embeddedSchedules = Array.from({ length: EMBEDDED_PROCESS_SCHEDULES }, (_, i) =>
      scheduleFor(
        SCHEDULES + PROCESS_SCHEDULES + i,
        i % (EMBEDDED_PROCESS_SCHEDULES / EMBEDDED_PROCESS_RESTARTS) === 3
          ? 'embedded-process-restart'
          : 'embedded-process',
      ),
    );
    const ordersFile = join(temporaryDir('apple-pay-chaos-orders-'), 'orders.json');
    writeFileSync(
      ordersFile,
      JSON.stringify(
        Object.fromEntries(
          [...processSchedules, ...embeddedSchedules].map((p) => [
            p.orderId,
            { amount: p.amount, currencyCode: 'EUR' },
          ]),
        ),
      ),
    );
    processEnv = {
      CONNECT_API_KEY_ID: EMULATOR_CREDENTIALS.apiKeyId,
      CONNECT_SECRET_API_KEY: EMULATOR_CREDENTIALS.secretApiKey,
      CONNECT_MERCHANT_ID: EMULATOR_CREDENTIALS.merchantId,
      CONNECT_API_ENDPOINT: connect.emulator.url,
      CONNECT_DEADLINE_MS: String(DEADLINES.payment),
      CONNECT_WEBHOOK_KEY_ID: WEBHOOK_KEY.keyId,
      CONNECT_WEBHOOK_SECRET_KEY: WEBHOOK_KEY.secretKey,
      ORDERS_FILE: ordersFile,
      DATABASE_URL: inject('databaseUrl'),
    };
    killed = await startProcess();
    processes.push(killed.endpoint, (await startProcess()).endpoint);
    await runAll(processSchedules, 12);

    // One server process with the embedded store, killed mid-charge and started again on its folder.
    embeddedEnv = { DATABASE_URL: '', DATA_DIR: temporaryDir('apple-pay-chaos-process-') };
    embeddedKilled = await startProcess(embeddedEnv);
    embeddedProcess.push(embeddedKilled.endpoint);
    await runAll(embeddedSchedules, 8);

    // Every late request has arrived and finished at Connect by now: check against its record.
    const payments = connect.api.payments();
    for (const payment of payments)
      if (payment.merchantReference) paymentOrder.set(payment.id, payment.merchantReference);
    for (const { schedule, final } of results) check(schedule, final, payments);
    // The processes logged what happened, and nothing a card could be read from.
    const logs = processLogs.join('');
    expect(logs).not.toMatch(/paymentData|encryptedPaymentData|simulated card|c2ln/);
    console.log(
      `chaos: ${figures.schedules} schedules (${figures.embedded} embedded store, ${figures.restarts} with a restart ` +
        `mid-charge, ${figures.postgres} on two servers sharing PostgreSQL; ${figures.processes + figures.processRestarts} ` +
        `against two server processes sharing PostgreSQL, ${figures.processRestarts} with one killed mid-charge; ` +
        `${figures.embeddedProcesses + figures.embeddedProcessRestarts} against a server process with the embedded ` +
        `store, ${figures.embeddedProcessRestarts} with it killed mid-charge), ` +
        `${figures.charges} charges, ` +
        `${figures.connectCalls} Connect calls, faults ${JSON.stringify(figures.faults)}, ` +
        `${figures.paymentsTaken} payments taken, ${figures.declines} declined — ` +
        `double payments ${figures.doublePayments}, false successes ${figures.falseSuccesses}, ` +
        `false "not charged" ${figures.falseNotCharged}, wrong amounts ${figures.wrongAmounts}, ` +
        `unsettled orders ${figures.unsettledOrders}, Connect words in answers ${figures.connectWordsInAnswers} ` +
        `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    expect(figures.schedules).toBeGreaterThanOrEqual(Math.min(SCHEDULES, 1000));
    expect(figures.processRestarts).toBe(PROCESS_RESTARTS);
    expect(figures.embeddedProcessRestarts).toBe(EMBEDDED_PROCESS_RESTARTS);
    expect(figures.restarts).toBeGreaterThan(0);
    expect(figures.postgres).toBeGreaterThan(0);
    expect(Object.keys(figures.faults).sort()).toEqual(
      [
        '5xx-after',
        '5xx-before',
        'late',
        'lost-after-taking',
        'none',
        'slow',
        'unreachable',
      ].sort(),
    );
    const counted = Object.fromEntries(
      Object.keys(violations()).map((name) => [name, figures[name as keyof typeof figures]]),
    );
    expect(counted).toEqual(violations());
  }, 120_000);
});
