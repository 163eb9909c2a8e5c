// One contract for every order store: the embedded file store, PostgreSQL (a real server, started by the node
// project's global set-up) and the memory store the tests use. A store's compare-and-set is what keeps two
// requests, or two processes, from charging one order at once.
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  fileOrderStore,
  memoryOrderStore,
  postgresOrderStore,
  type OrderRecord,
  type OrderStore,
  type PostgresPool,
} from '../../src/server/index.js';
import {
  applePayServer,
  applePayToken,
  ask,
  browserRequest,
  connectSettings,
  emulatedConnect,
  temporaryDir,
  type Emulated,
} from './support/apple-pay-server.js';

const opened: OrderStore[] = [];
afterAll(() => Promise.all(opened.map((store) => store.close())));
const keep = (store: OrderStore) => (opened.push(store), store);
const table = () => `orders_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;

const stores: [string, () => Promise<OrderStore>][] = [
  ['memory', async () => keep(memoryOrderStore())],
  ['file (embedded)', async () => keep(await fileOrderStore(temporaryDir()))],
  [
    'PostgreSQL',
    async () =>
      keep(await postgresOrderStore({ connectionString: inject('databaseUrl'), table: table() })),
  ],
  [
    'PostgreSQL (no prepared statements)',
    async () =>
      keep(
        await postgresOrderStore({
          connectionString: inject('databaseUrl'),
          table: table(),
          preparedStatements: false,
        }),
      ),
  ],
];

const record = (changes: Partial<OrderRecord> = {}): OrderRecord => ({
  orderId: 'order-1',
  state: 'charging',
  attempt: 1,
  version: 1,
  startedAt: 1_700_000_000_000,
  leaseUntil: 1_700_000_016_000,
  updatedAt: 1_700_000_000_000,
  ...changes,
});

describe.each(stores)('the %s order store', (_, open) => {
  it('knows no order at first, and keeps one exactly as written', async () => {
    const store = await open();
    await expect(store.get('order-1')).resolves.toBeUndefined();
    await expect(store.compareAndSet(record(), 0)).resolves.toBe(true);
    await expect(store.get('order-1')).resolves.toEqual(record());
    const paid = record({ state: 'paid', version: 2, paymentId: 'p-1', leaseUntil: undefined });
    delete paid.leaseUntil;
    await expect(store.compareAndSet(paid, 1)).resolves.toBe(true);
    await expect(store.get('order-1')).resolves.toEqual(paid);
  });

  it('refuses a write whose expected version is not the stored one', async () => {
    const store = await open();
    await store.compareAndSet(record(), 0);
    await expect(store.compareAndSet(record(), 0)).resolves.toBe(false);
    await expect(store.compareAndSet(record({ version: 3 }), 2)).resolves.toBe(false);
    await expect(store.get('order-1')).resolves.toMatchObject({ version: 1 });
    await expect(store.compareAndSet(record({ version: 5 }), 1)).rejects.toThrow(/version/);
  });

  it('lets exactly one of many concurrent claims win, for a new order and for an open one', async () => {
    const store = await open();
    const first = await Promise.all(
      Array.from({ length: 40 }, (_, i) => store.compareAndSet(record({ attempt: i }), 0)),
    );
    expect(first.filter(Boolean)).toHaveLength(1);
    const second = await Promise.all(
      Array.from({ length: 40 }, () => store.compareAndSet(record({ version: 2, attempt: 2 }), 1)),
    );
    expect(second.filter(Boolean)).toHaveLength(1);
  });

  it('shows an outcome write over its attempt’s charging record at once, and takes it over anything else', async () => {
    const store = await open();
    await store.compareAndSet(record(), 0);
    const paid = record({ state: 'paid', version: 2, paymentId: 'p-1' });
    delete paid.leaseUntil;
    await expect(store.compareAndSet(record(), 0, 'outcome')).resolves.toBe(false);
    await expect(store.compareAndSet(paid, 1, 'outcome')).resolves.toBe(true);
    await expect(store.get('order-1')).resolves.toEqual(paid);
    // Over a paid record (not charging): written all the same, durably.
    const reopened = record({ state: 'open', version: 3 });
    await expect(store.compareAndSet(reopened, 2, 'outcome')).resolves.toBe(true);
    await expect(store.get('order-1')).resolves.toEqual(reopened);
  });

  it('lists the orders left charging', async () => {
    const store = await open();
    await store.compareAndSet(record({ orderId: 'a' }), 0);
    await store.compareAndSet(record({ orderId: 'b', state: 'paid', paymentId: 'p' }), 0);
    await store.compareAndSet(record({ orderId: 'c', state: 'open' }), 0);
    expect((await store.charging()).map((r) => r.orderId)).toEqual(['a']);
  });
});

describe('the embedded file store', () => {
  it('keeps its orders across a restart, and only the last state of each', async () => {
    const dir = temporaryDir();
    const store = await fileOrderStore(dir);
    await store.compareAndSet(record(), 0);
    await store.compareAndSet(record({ state: 'paid', version: 2, paymentId: 'p-1' }), 1);
    await store.close();
    const again = keep(await fileOrderStore(dir));
    await expect(again.get('order-1')).resolves.toMatchObject({ state: 'paid', paymentId: 'p-1' });
    expect(readFileSync(join(dir, 'orders.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('reads past a last line torn by a crash, and refuses damage anywhere else', async () => {
    const dir = temporaryDir();
    const store = await fileOrderStore(dir);
    await store.compareAndSet(record(), 0);
    await store.close();
    appendFileSync(join(dir, 'orders.jsonl'), '{"orderId":"order-2","sta');
    const again = await fileOrderStore(dir);
    await expect(again.get('order-1')).resolves.toMatchObject({ state: 'charging' });
    await expect(again.get('order-2')).resolves.toBeUndefined();
    await again.close();
    writeFileSync(join(dir, 'orders.jsonl'), `garbage\n${JSON.stringify(record())}\n`);
    await expect(fileOrderStore(dir)).rejects.toThrow();
  });

  it('keeps a second process out while one has it, and takes over a dead process’s lock', async () => {
    const dir = temporaryDir();
    const store = await fileOrderStore(dir);
    await expect(fileOrderStore(dir)).rejects.toThrow(/in use by process \d+.*PostgreSQL/);
    await store.close();
    writeFileSync(join(dir, 'lock'), '999999999'); // no such process
    keep(await fileOrderStore(dir));
  });

  it('takes no write after it is closed', async () => {
    const store = await fileOrderStore(temporaryDir());
    await store.close();
    await expect(store.compareAndSet(record(), 0)).rejects.toThrow(/closed/);
  });
});

describe('PostgreSQL shared by two processes', () => {
  it('lets one of two pools claim an order, however the claims interleave', async () => {
    const name = table();
    const url = inject('databaseUrl');
    const [a, b] = [
      keep(await postgresOrderStore({ connectionString: url, table: name })),
      keep(await postgresOrderStore({ connectionString: url, table: name })),
    ];
    for (let i = 0; i < 20; i++) {
      const orderId = `shared-${i}`;
      const wins = await Promise.all([
        a.compareAndSet(record({ orderId }), 0),
        b.compareAndSet(record({ orderId }), 0),
      ]);
      expect(wins.filter(Boolean)).toHaveLength(1);
    }
  });
});

/** The embedded store's journal as it is on disk. */
const journal = (dir: string) =>
  readFileSync(join(dir, 'orders.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OrderRecord);

describe('an outcome the disk did not keep yet', () => {
  const paid = (changes: Partial<OrderRecord> = {}) => {
    const next = record({ state: 'paid', version: 2, paymentId: 'p-1', ...changes });
    delete next.leaseUntil;
    return next;
  };

  it('is on the embedded store’s disk with the next durable write, which is on disk when it resolves', async () => {
    const dir = temporaryDir();
    const store = keep(await fileOrderStore(dir));
    await store.compareAndSet(record(), 0);
    expect(journal(dir)).toEqual([record()]);
    await store.compareAndSet(paid(), 1, 'outcome');
    expect(journal(dir)).toEqual([record()]); // seen (get), not flushed yet
    await expect(store.get('order-1')).resolves.toEqual(paid());
    await store.compareAndSet(record({ orderId: 'order-2' }), 0); // a claim: its flush takes the outcome along
    expect(journal(dir).map((r) => [r.orderId, r.version])).toEqual([
      ['order-1', 1],
      ['order-1', 2],
      ['order-2', 1],
    ]);
    // An outcome write over a record that is not charging is durable like any other.
    await store.compareAndSet(record({ state: 'open', version: 3 }), 2, 'outcome');
    expect(journal(dir).at(-1)).toMatchObject({ orderId: 'order-1', state: 'open', version: 3 });
    // Left alone, an outcome goes to disk a few milliseconds later, and at the latest when the store closes.
    await store.compareAndSet(
      record({ orderId: 'order-2', state: 'open', version: 2 }),
      1,
      'outcome',
    );
    await expect
      .poll(() => journal(dir).at(-1), { timeout: 2_000 })
      .toMatchObject({ orderId: 'order-2', version: 2 });
  });

  it('commits asynchronously in PostgreSQL only over its attempt’s charging record', async () => {
    const owned = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
    const statements: string[] = [];
    const pool: PostgresPool = {
      query: async (text, values) => {
        const result = await owned.query(text, values);
        statements.push(`${/set_config/.test(text) ? 'relaxed' : 'durable'} ${result.rowCount}`);
        return result;
      },
      end: () => owned.end(),
    };
    const store = await postgresOrderStore({ pool, table: table() });
    statements.length = 0;
    await store.compareAndSet(record(), 0);
    await store.compareAndSet(paid(), 1, 'outcome');
    await store.compareAndSet(record({ state: 'open', version: 3 }), 2, 'outcome');
    await store.compareAndSet(record({ state: 'open', version: 3 }), 2, 'outcome');
    // The claim: durable. The outcome over charging: relaxed. Over paid: the relaxed statement matches nothing,
    // and the durable one writes. A stale version: neither writes.
    expect(statements).toEqual([
      'durable 1',
      'relaxed 1',
      'relaxed 0',
      'durable 1',
      'relaxed 0',
      'durable 0',
    ]);
    await owned.end();
  });
});

describe('a crash between the answer and the outcome’s flush', () => {
  let connect: Emulated;
  beforeAll(async () => {
    connect = await emulatedConnect();
  });
  afterAll(() => connect.close());
  const paymentsFor = (orderId: string) =>
    connect.api.payments().filter((p) => p.merchantReference?.startsWith(`${orderId}-`));
  const DEADLINES = { payment: 400, leaseMargin: 20 };

  /** After the crash: the order settles from Connect to the payment the shopper was told of, and only to it. */
  async function settlesToThePayment(
    server: Awaited<ReturnType<typeof applePayServer>>,
    orderId: string,
    told: { paymentId: string },
    leaseUntil: number,
  ) {
    // A charge while the dead attempt's lease runs: no second payment is tried.
    const early = await ask(
      server,
      browserRequest('/charge', { body: { orderId, token: applePayToken() } }),
    );
    expect(early.body).toMatchObject(
      early.body.orderState === 'charging' ? { status: 1 } : { status: 0, ...told },
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, leaseUntil - Date.now() + 10)));
    const order = await ask(server, browserRequest(`/orders/${orderId}`));
    expect(order.body).toEqual({ orderId, state: 'paid', paymentId: told.paymentId });
    const again = await ask(
      server,
      browserRequest('/charge', { body: { orderId, token: applePayToken() } }),
    );
    expect(again.body).toMatchObject({ status: 0, orderState: 'paid', ...told });
    expect(paymentsFor(orderId).map((p) => p.id)).toEqual([told.paymentId]);
  }

  it('leaves the embedded store’s order charging, and it settles to paid from Connect', async () => {
    const dist = fileURLToPath(new URL('../../dist/server/index.js', import.meta.url));
    expect(existsSync(dist), 'run npm run build first').toBe(true);
    const dataDir = temporaryDir();
    const orderId = 'crash-after-answer';
    // A server process charges, writes the answer out, and is killed (SIGKILL) at once: before the outcome's flush.
    const program = `
      const { createApplePayServer } = await import(${JSON.stringify(dist)});
      const server = await createApplePayServer({
        connect: ${JSON.stringify(connectSettings(connect.emulator))},
        orders: () => ({ amount: 1250, currencyCode: 'EUR' }),
        dataDir: ${JSON.stringify(dataDir)},
        deadlines: ${JSON.stringify(DEADLINES)},
        log: () => undefined,
      });
      const response = await server.fetch(new Request('https://shop.example/api/apple-pay/charge', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: ${JSON.stringify(JSON.stringify({ orderId, token: applePayToken() }))},
      }));
      process.stdout.write(await response.text());
      process.kill(process.pid, 'SIGKILL');`;
    const run = promisify(execFile)(process.execPath, ['--input-type=module', '-e', program]);
    const { stdout } = await run.catch((error: { stdout: string; signal?: string }) => {
      expect(error.signal).toBe('SIGKILL');
      return error;
    });
    const told = JSON.parse(stdout) as { status: number; orderState: string; paymentId: string };
    expect(told).toMatchObject({ status: 0, orderState: 'paid' });
    // What the disk kept: the claim. The paid outcome died with the process.
    const kept = journal(dataDir).filter((r) => r.orderId === orderId);
    expect(kept.at(-1)).toMatchObject({ state: 'charging', attempt: 1 });
    const server = await applePayServer(connect, { dataDir, deadlines: DEADLINES });
    try {
      await settlesToThePayment(server, orderId, told, kept.at(-1)!.leaseUntil!);
    } finally {
      await server.close();
    }
  });

  it('leaves PostgreSQL’s row as the claim wrote it, and it settles to paid from Connect', async () => {
    const name = table();
    const url = inject('databaseUrl');
    const orderId = 'crash-after-answer-pg';
    const first = await applePayServer(connect, {
      store: keep(await postgresOrderStore({ connectionString: url, table: name })),
      deadlines: DEADLINES,
    });
    const { body: told } = await ask(
      first,
      browserRequest('/charge', { body: { orderId, token: applePayToken() } }),
    );
    expect(told).toMatchObject({ status: 0, orderState: 'paid' });
    await first.close();
    // The database crashed before its WAL flush: the asynchronously committed outcome is gone, the row is the
    // claim (version 1, charging, its lease) as its durable commit left it.
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const { rows } = await db.query(
      `UPDATE ${name} SET state = 'charging', version = 1, payment_id = NULL,
         lease_until = started_at + ${DEADLINES.payment + DEADLINES.leaseMargin}
       WHERE order_id = $1 RETURNING lease_until`,
      [orderId],
    );
    await db.end();
    const second = await applePayServer(connect, {
      store: keep(await postgresOrderStore({ connectionString: url, table: name })),
      deadlines: DEADLINES,
    });
    try {
      await settlesToThePayment(
        second,
        orderId,
        told as { paymentId: string },
        Number(rows[0]!.lease_until),
      );
    } finally {
      await second.close();
    }
  });
});
