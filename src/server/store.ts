// Where the server keeps each order's payment state. The order book (amounts) is the merchant's; a store holds
// only what charging needs: the state, the attempt number Connect's idempotence key derives from, and a version
// that makes every change a compare-and-set, so that two requests (or two processes) never both claim an order.

/** `open`: nothing taken, another try may charge. `charging`: a charge is under way or its outcome is not known. `paid`. */
export type OrderState = 'open' | 'charging' | 'paid';

/** One order's payment state. */
export interface OrderRecord {
  orderId: string;
  state: OrderState;
  /** Charge attempts started so far; the current (or last) one is this number. 0: never charged. */
  attempt: number;
  /** Bumped by every write; 0 for an order the store has never seen. */
  version: number;
  /** The Connect payment, once one is known (a paid order's, or a charging attempt's pending one). */
  paymentId?: string;
  /** While charging: when the attempt started, and until when its own request may still be on its way (ms since the epoch). */
  startedAt?: number;
  leaseUntil?: number;
  /** ms since the epoch. */
  updatedAt: number;
}

/**
 * How a write is kept before `compareAndSet` resolves.
 *
 * - `durable` (the default): it survives a crash of the process or of the machine once the call resolves.
 * - `outcome`: every reader sees it at once, but a crash may still lose it for a moment after: until the
 *   embedded store's next journal flush (the next durable write's, or one 5 ms later), or PostgreSQL's next
 *   WAL flush (the next durable write's, or its WAL writer's within 3 × wal_writer_delay: 600 ms by default).
 *
 * `outcome` is only for a write that replaces a `charging` record with what Connect said about that same attempt
 * (paid, open, its pending payment, or the attempt's lease given up). Losing it leaves the order `charging` for
 * that attempt, as its durable claim left it; a charging order is always settled from Connect before anything
 * else is tried, and Connect still holds the payment (or none), so the settling comes to the same outcome. A
 * store keeps a write `durable` anyway when the record it replaces is not `charging` for the same attempt. Each
 * write holds the whole record, and a durable write also makes every earlier one durable (one journal, one WAL).
 */
export type Durability = 'durable' | 'outcome';

/** Whether an `outcome` write over `replaced` may be kept lazily (see Durability). */
export const isOutcomeOf = (next: OrderRecord, replaced: OrderRecord | undefined): boolean =>
  replaced?.state === 'charging' &&
  replaced.orderId === next.orderId &&
  replaced.attempt === next.attempt;

/**
 * A store of order records. Implementations: `memoryOrderStore()` (tests), `fileOrderStore(dir)` (the embedded
 * default, one process) and `postgresOrderStore(…)` (several processes).
 */
export interface OrderStore {
  /** The order's record, or undefined when the store has never seen it (an open order, attempt 0). */
  get(orderId: string): Promise<OrderRecord | undefined>;
  /**
   * Writes `next` (whose `version` is `expectedVersion + 1`) only if the stored record's version is still
   * `expectedVersion` (0: there is no record yet). Resolves to whether it wrote; once it resolves true, every
   * reader sees the write, and — unless `durability` is `outcome` — it survives a restart.
   */
  compareAndSet(
    next: OrderRecord,
    expectedVersion: number,
    durability?: Durability,
  ): Promise<boolean>;
  /** Every order left `charging`, for settling after a restart. */
  charging(): Promise<OrderRecord[]>;
  /** Releases files, locks and connections; the store takes no more writes. */
  close(): Promise<void>;
}

/** Refuses a write whose version does not follow the expected one: a caller's bug, not a lost race. */
export function checkVersion(next: OrderRecord, expectedVersion: number): void {
  if (next.version !== expectedVersion + 1)
    throw new Error(
      `order ${next.orderId}: version ${next.version} does not follow ${expectedVersion}`,
    );
}

/** Orders in memory: lost at exit. For tests, and as the table the file store keeps in memory. */
export class MemoryOrderStore implements OrderStore {
  protected readonly records = new Map<string, OrderRecord>();
  protected closed = false;

  async get(orderId: string): Promise<OrderRecord | undefined> {
    const record = this.records.get(orderId);
    return record && { ...record };
  }

  /** The compare-and-set itself, synchronous: in one process nothing can come between the check and the set. */
  protected swap(next: OrderRecord, expectedVersion: number): boolean {
    if (this.closed) throw new Error('the order store is closed');
    checkVersion(next, expectedVersion);
    if ((this.records.get(next.orderId)?.version ?? 0) !== expectedVersion) return false;
    this.records.set(next.orderId, { ...next });
    return true;
  }

  async compareAndSet(next: OrderRecord, expectedVersion: number): Promise<boolean> {
    return this.swap(next, expectedVersion);
  }

  async charging(): Promise<OrderRecord[]> {
    return [...this.records.values()].filter((r) => r.state === 'charging').map((r) => ({ ...r }));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Orders in memory, lost when the process ends: for tests and trials, never for taking money. */
export const memoryOrderStore = (): OrderStore => new MemoryOrderStore();
