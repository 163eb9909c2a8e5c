// One contract for every order store: the embedded file store, PostgreSQL (a real server, started by the node
// project's global set-up) and the memory store the tests use. A store's compare-and-set is what keeps two
// requests, or two processes, from charging one order at once.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  fileOrderStore,
  memoryOrderStore,
  postgresOrderStore,
  type OrderRecord,
  type OrderStore,
} from '../../src/server/index.js';
import { temporaryDir } from './support/apple-pay-server.js';

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
