// Orders in PostgreSQL, for several server processes: every change is one conditional statement (INSERT … ON
// CONFLICT DO NOTHING for a new order, UPDATE … WHERE version = $expected otherwise), so the database decides
// which process claims an order. An `outcome` write (see Durability in store.ts) commits asynchronously
// (synchronous_commit off for its own statement, and only over a `charging` record of the same attempt): it is
// seen at once, and on disk with the WAL's next flush. `pg` is an optional peer dependency.
import { loadOptional } from './optional.js';
import type { Durability, OrderRecord, OrderState, OrderStore } from './store.js';
import { checkVersion } from './store.js';

/** The part of a `pg.Pool` the store uses (a pool of your own may be passed). */
export interface PostgresPool {
  query(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
  end(): Promise<void>;
}

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (or `?host=/socket/dir` for a unix socket). */
  connectionString?: string;
  /** A pool of your own instead (it is not ended by `close()`). */
  pool?: PostgresPool;
  /** The table, created when missing; default `apple_pay_orders`. */
  table?: string;
  /**
   * With `connectionString`: run the store's statements as named prepared statements, parsed and planned once per
   * connection (default true). Turn it off behind a pooler that cannot keep them (PgBouncer in transaction mode
   * before 1.21). A pool of your own gets plain statements.
   */
  preparedStatements?: boolean;
}

type QueryResult = Awaited<ReturnType<PostgresPool['query']>>;
/** pg.Pool's `query({name, text, values})`: a named prepared statement. */
type PreparingPool = PostgresPool & {
  query(config: { name: string; text: string; values: unknown[] }): Promise<QueryResult>;
};

interface Row {
  order_id: string;
  state: OrderState;
  attempt: number;
  version: number;
  payment_id: string | null;
  started_at: string | null;
  lease_until: string | null;
  updated_at: string;
}

const toRecord = (row: Row): OrderRecord => ({
  orderId: row.order_id,
  state: row.state,
  attempt: Number(row.attempt),
  version: Number(row.version),
  ...(row.payment_id !== null && { paymentId: row.payment_id }),
  ...(row.started_at !== null && { startedAt: Number(row.started_at) }),
  ...(row.lease_until !== null && { leaseUntil: Number(row.lease_until) }),
  updatedAt: Number(row.updated_at),
});

const values = (record: OrderRecord) => [
  record.orderId,
  record.state,
  record.attempt,
  record.version,
  record.paymentId ?? null,
  record.startedAt ?? null,
  record.leaseUntil ?? null,
  record.updatedAt,
];

/** Orders in a PostgreSQL table (created when missing); safe for any number of server processes. */
export async function postgresOrderStore(options: PostgresStoreOptions): Promise<OrderStore> {
  const table = options.table ?? 'apple_pay_orders';
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`Not a plain table name: ${table}`);
  let pool = options.pool;
  const owned = !pool;
  if (!pool) {
    const pg = await loadOptional<{
      Pool: new (
        config: object,
      ) => PostgresPool & { on(event: 'error', listener: () => void): void };
    }>('pg', 'to keep orders in PostgreSQL');
    const owned = new pg.Pool({ connectionString: options.connectionString, max: 10 });
    // An idle connection that breaks (a database restart) must not crash the server: the next query reconnects
    // or fails, and that failure is answered.
    owned.on('error', () => undefined);
    pool = owned;
  }
  const db = pool;
  const prepared = owned && options.preparedStatements !== false;
  /** One of the store's statements, under `name` when prepared. */
  const run = (name: string, text: string, params: unknown[]): Promise<QueryResult> =>
    prepared
      ? (db as PreparingPool).query({ name: `${table}_${name}`, text, values: params })
      : db.query(text, params);
  // Two processes starting together may both create the table: the loser's duplicate error is harmless —
  // of the table (42P07), or of its row type in the catalogue (42710, or a unique violation there, 23505).
  await db
    .query(
      `CREATE TABLE IF NOT EXISTS ${table} (
    order_id text PRIMARY KEY,
    state text NOT NULL CHECK (state IN ('open', 'charging', 'paid')),
    attempt integer NOT NULL,
    version integer NOT NULL,
    payment_id text,
    started_at bigint,
    lease_until bigint,
    updated_at bigint NOT NULL
  )`,
    )
    .catch((error: { code?: string }) => {
      if (!['23505', '42P07', '42710'].includes(error.code ?? '')) throw error;
    });
  const columns =
    'order_id, state, attempt, version, payment_id, started_at, lease_until, updated_at';
  return {
    async get(orderId) {
      const { rows } = await run('get', `SELECT ${columns} FROM ${table} WHERE order_id = $1`, [
        orderId,
      ]);
      return rows[0] && toRecord(rows[0] as unknown as Row);
    },
    async compareAndSet(next, expectedVersion, durability: Durability = 'durable') {
      checkVersion(next, expectedVersion);
      if (expectedVersion === 0) {
        const inserted = await run(
          'insert',
          `INSERT INTO ${table} (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (order_id) DO NOTHING`,
          values(next),
        );
        return inserted.rowCount === 1;
      }
      const set = `state = $2, attempt = $3, version = $4, payment_id = $5, started_at = $6,
        lease_until = $7, updated_at = $8`;
      if (durability === 'outcome') {
        // set_config(…, true) lasts until this statement's own transaction commits, so that commit does not wait
        // for the WAL's flush. Only over the attempt's charging record; anything else is written durably below.
        const relaxed = await run(
          'outcome',
          `UPDATE ${table} SET ${set}
           FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed
           WHERE order_id = $1 AND version = $9 AND state = 'charging' AND attempt = $3`,
          [...values(next), expectedVersion],
        );
        if (relaxed.rowCount === 1) return true;
      }
      const updated = await run(
        'update',
        `UPDATE ${table} SET ${set} WHERE order_id = $1 AND version = $9`,
        [...values(next), expectedVersion],
      );
      return updated.rowCount === 1;
    },
    async charging() {
      const { rows } = await run(
        'charging',
        `SELECT ${columns} FROM ${table} WHERE state = 'charging'`,
        [],
      );
      return rows.map((row) => toRecord(row as unknown as Row));
    },
    async close() {
      if (owned) await db.end();
    },
  };
}
