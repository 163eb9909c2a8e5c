// The order state machine: open → charging → paid, and back to open only when Connect definitely took nothing.
//
//   - A charge claims the order (compare-and-set open → charging, attempt n+1) before Connect is called, so two
//     requests or two processes never charge one order at once. Connect's idempotence key and the payment's
//     merchantReference derive from (order, attempt): a repeat of one attempt can never make a second payment.
//   - An order found charging is settled from Connect before anything else is tried: its payments for that
//     attempt (payments.get, payments.find), and when there are none, the request repeated under its key. A
//     409 means the first request is still running: the order stays charging. Only a finished first request
//     (a repeated answer) or a repeat that was itself the first under the key (the original never reached
//     Connect) makes an empty look-up mean "nothing taken". The repeat carries no payment data, so it can never
//     make a payment itself.
//   - While an attempt's own request may still be on its way (its lease), nobody else settles it.
//   - Only the claim must be on disk before Connect is called. What Connect then says about the attempt is
//     written as an `outcome` (see Durability in store.ts): the answer does not wait for its flush, since losing
//     it in a crash leaves the order charging for that attempt — and a charging order is settled from Connect,
//     which holds the same payment (or none), before anything else is tried. Webhooks write durably.
import type { ConnectAnswer, ConnectGateway } from './connect.js';
import { newErrorId, summarise, type Logger } from './log.js';
import { verdictOf, verdictOfAll, type Verdict } from './outcome.js';
import type { Durability, OrderRecord, OrderState, OrderStore } from './store.js';

/** An order as the merchant's order book knows it: the amount charged, in minor units (cents for EUR). */
export interface OrderAmount {
  amount: number;
  currencyCode: string;
}

/** Apple's authorization status for `complete()`: 0 STATUS_SUCCESS, 1 STATUS_FAILURE. */
export type SheetStatus = 0 | 1;

export interface ChargeResult {
  status: SheetStatus;
  orderState: OrderState;
  paymentId?: string;
  errorId?: string;
  /** Why an order is open after this charge: Connect `declined`, or `refused` the request. */
  declined?: boolean;
}

export interface OrderStatus {
  orderId: string;
  state: OrderState;
  paymentId?: string;
}

export interface ChargingOptions {
  store: OrderStore;
  gateway: ConnectGateway;
  log: Logger;
  /** How long a payment request may take, and how long after that others leave its order alone. */
  paymentDeadline: number;
  leaseMargin: number;
  authorizationMode: 'FINAL_AUTHORIZATION' | 'PRE_AUTHORIZATION' | 'SALE';
}

/** The payment's merchantReference and idempotence key for one attempt (`order-17-2`, `apple-pay:order-17:2`). */
export const merchantReference = (orderId: string, attempt: number) => `${orderId}-${attempt}`;
export const idempotenceKey = (orderId: string, attempt: number) =>
  `apple-pay:${orderId}:${attempt}`;

/** The order and attempt a merchantReference names, or undefined when it is not one of ours. */
export function parseReference(
  reference: unknown,
): { orderId: string; attempt: number } | undefined {
  const match =
    typeof reference === 'string' ? reference.match(/^(?<orderId>.+)-(?<n>\d{1,9})$/) : null;
  return match?.groups
    ? { orderId: String(match.groups.orderId), attempt: Number(match.groups.n) }
    : undefined;
}

/** An order the store has never seen: open, never charged. */
const unknownOrder = (orderId: string): OrderRecord => ({
  orderId,
  state: 'open',
  attempt: 0,
  version: 0,
  updatedAt: Date.now(),
});

/** A settled look-up: a verdict, or `unknown` (ask again later), or `empty` (Connect shows no payment). */
type LookUp = Verdict | { kind: 'unknown' } | { kind: 'empty' };

export class Orders {
  /** Charges this process has under way, by order: a second charge for the order waits for the first. */
  private readonly inFlight = new Map<string, Promise<ChargeResult>>();
  /** Settlements under way, by order: one look-up at a time per order in this process. */
  private readonly settling = new Map<string, Promise<OrderRecord>>();

  constructor(private readonly options: ChargingOptions) {}

  async read(orderId: string): Promise<OrderRecord> {
    return (await this.options.store.get(orderId)) ?? unknownOrder(orderId);
  }

  /** The order's state, settled from Connect first when it is left charging. */
  async status(orderId: string): Promise<OrderStatus> {
    const record = await this.settle(await this.read(orderId));
    return {
      orderId,
      state: record.state,
      ...(record.state === 'paid' && record.paymentId && { paymentId: record.paymentId }),
    };
  }

  /** Charges the order once: answers a paid order's payment, settles a charging one, else claims and charges. */
  async charge(orderId: string, order: OrderAmount, paymentData: unknown): Promise<ChargeResult> {
    for (let round = 0; round < 6; round++) {
      const running = this.inFlight.get(orderId);
      if (running) await running.catch(() => undefined);
      // The first round takes the order for one the store has never seen (the common case) without reading it:
      // the claim of attempt 1 over version 0 is written only if no record exists, and it saves a read (a round
      // trip to PostgreSQL). For an order the store knows, that claim is refused and the next round reads it.
      let record = round === 0 && !running ? unknownOrder(orderId) : await this.read(orderId);
      if (record.state === 'charging') {
        record = await this.settle(record);
        if (record.state !== 'open') return this.result(record);
        continue;
      }
      if (record.state === 'paid') return this.result(record);
      const now = Date.now();
      const claimed = this.next(record, {
        state: 'charging',
        attempt: record.attempt + 1,
        startedAt: now,
        leaseUntil: now + this.options.paymentDeadline + this.options.leaseMargin,
        paymentId: undefined,
      });
      if (!(await this.options.store.compareAndSet(claimed, record.version))) continue;
      const work = this.attempt(claimed, order, paymentData);
      this.inFlight.set(orderId, work);
      try {
        return await work;
      } finally {
        if (this.inFlight.get(orderId) === work) this.inFlight.delete(orderId);
      }
    }
    // Others kept changing the order: its state is what it is now.
    return this.result(await this.read(orderId), newErrorId());
  }

  /** One attempt: the payment request, then the order as Connect's answer leaves it. */
  private async attempt(
    claimed: OrderRecord,
    order: OrderAmount,
    paymentData: unknown,
  ): Promise<ChargeResult> {
    const { orderId, attempt } = claimed;
    const answer = await this.options.gateway.createPayment(
      {
        order: {
          amountOfMoney: { amount: order.amount, currencyCode: order.currencyCode },
          references: { merchantReference: merchantReference(orderId, attempt) },
        },
        mobilePaymentMethodSpecificInput: {
          paymentProductId: 302, // Apple Pay
          // Connect decrypts the token: its paymentData object, as a JSON string.
          encryptedPaymentData: JSON.stringify(paymentData),
          authorizationMode: this.options.authorizationMode,
        },
      },
      idempotenceKey(orderId, attempt),
    );
    const verdict = this.verdictOfCreate(answer);
    const errorId = verdict?.kind === 'taken' ? undefined : newErrorId();
    if (errorId)
      this.options.log({
        level:
          verdict?.kind === 'nothing' && answer.kind === 'answer' && answer.status === 402
            ? 'info'
            : 'warn',
        event: !verdict
          ? 'charge.unknown'
          : verdict.kind === 'nothing'
            ? answer.kind === 'answer' && answer.status === 402
              ? 'charge.declined'
              : 'charge.refused'
            : `charge.${verdict.kind}`,
        errorId,
        orderId,
        attempt,
        connect: summarise(answer),
      });
    // No verdict (sent but unanswered, 409, 5xx): this attempt's request is over, so ask Connect what it holds.
    const record = verdict
      ? await this.apply(claimed, verdict, 'outcome')
      : await this.settle(claimed, true);
    const declined = answer.kind === 'answer' && answer.status === 402;
    return this.result(record, errorId, declined);
  }

  /** Connect's answer to the payment request: taken, nothing, pending — or undefined when it does not tell. */
  private verdictOfCreate(answer: ConnectAnswer): Verdict | undefined {
    if (answer.kind === 'no-answer') return answer.sent ? undefined : { kind: 'nothing' };
    const body = (answer.body ?? {}) as {
      payment?: unknown;
      paymentResult?: { payment?: unknown };
    };
    if (answer.status >= 200 && answer.status < 300) return verdictOf(body.payment);
    // A decline: Connect's PaymentErrorResponse carries the rejected payment.
    if (answer.status === 402) return verdictOf(body.paymentResult?.payment) ?? { kind: 'nothing' };
    if (answer.status === 409 || answer.status >= 500) return undefined;
    return { kind: 'nothing' }; // refused before any payment (400, 401, 403, 404…)
  }

  /**
   * Settles a charging order from Connect, unless its attempt's own request may still be on its way (then it
   * stays charging). `owner`: called by the attempt itself, whose request is over.
   */
  settle(record: OrderRecord, owner = false): Promise<OrderRecord> {
    if (record.state !== 'charging') return Promise.resolve(record);
    if (!owner && (this.inFlight.has(record.orderId) || (record.leaseUntil ?? 0) > Date.now()))
      return Promise.resolve(record);
    const running = this.settling.get(record.orderId);
    if (running) return running;
    const work = this.settleFromConnect(record).finally(() => {
      if (this.settling.get(record.orderId) === work) this.settling.delete(record.orderId);
    });
    this.settling.set(record.orderId, work);
    return work;
  }

  private async settleFromConnect(record: OrderRecord): Promise<OrderRecord> {
    const { orderId, attempt } = record;
    let found = await this.lookUp(record);
    if (found.kind === 'empty') found = await this.repeat(record);
    if (found.kind === 'unknown' || found.kind === 'empty') {
      // Still undecided; nothing of this process is on its way to Connect any more: anyone may settle it later.
      if (record.leaseUntil === undefined) return this.read(orderId);
      const released = this.next(record, { leaseUntil: undefined });
      return (await this.options.store.compareAndSet(released, record.version, 'outcome'))
        ? released
        : this.read(orderId);
    }
    this.options.log({
      level: 'info',
      event: `settle.${found.kind}`,
      orderId,
      attempt,
      ...(found.paymentId && {
        connect: { paymentId: found.paymentId, paymentStatus: found.status },
      }),
    });
    return this.apply(record, found, 'outcome');
  }

  /** The attempt's payment at Connect: by id when known, else by its merchantReference. */
  private async lookUp(record: OrderRecord): Promise<LookUp> {
    const { gateway } = this.options;
    if (record.paymentId) {
      const answer = await gateway.getPayment(record.paymentId);
      return (
        (answer.kind === 'answer' && answer.status === 200 && verdictOf(answer.body)) || {
          kind: 'unknown',
        }
      );
    }
    const answer = await gateway.findPayments(merchantReference(record.orderId, record.attempt));
    if (answer.kind !== 'answer' || answer.status !== 200) return { kind: 'unknown' };
    const { payments } = (answer.body ?? {}) as { payments?: unknown };
    if (!Array.isArray(payments)) return { kind: 'unknown' };
    const reference = merchantReference(record.orderId, record.attempt);
    const ours = payments.filter(
      (p) =>
        (p as { paymentOutput?: { references?: { merchantReference?: unknown } } })?.paymentOutput
          ?.references?.merchantReference === reference,
    );
    return verdictOfAll(ours) ?? { kind: 'empty' };
  }

  /**
   * Connect shows no payment for the attempt: repeat its request under its key, without payment data, to learn
   * whether the first request has finished. Never makes a payment.
   */
  private async repeat(record: OrderRecord): Promise<LookUp> {
    const { orderId, attempt } = record;
    const answer = await this.options.gateway.createPayment(
      {
        order: { references: { merchantReference: merchantReference(orderId, attempt) } },
        mobilePaymentMethodSpecificInput: { paymentProductId: 302 },
      },
      idempotenceKey(orderId, attempt),
    );
    if (answer.kind === 'no-answer' || answer.status === 409) return { kind: 'unknown' };
    const body = (answer.body ?? {}) as {
      payment?: unknown;
      paymentResult?: { payment?: unknown };
    };
    if (!answer.replayedFrom) {
      // This repeat was the first request Connect saw with the key: the original never reached it, and the key
      // now holds this refused repeat, so the original never will.
      if (answer.status >= 400 && answer.status < 500) return { kind: 'nothing' };
      return verdictOf(body.payment) ?? { kind: 'unknown' };
    }
    // The first request has finished; this is its answer again.
    if (answer.status >= 200 && answer.status < 300)
      return verdictOf(body.payment) ?? { kind: 'unknown' };
    if (answer.status === 402) return verdictOf(body.paymentResult?.payment) ?? { kind: 'nothing' };
    if (answer.status < 500) return { kind: 'nothing' };
    // It finished with a 5xx, which tells nothing: now that it has finished, an empty look-up can be trusted.
    const again = await this.lookUp(record);
    return again.kind === 'empty' ? { kind: 'nothing' } : again;
  }

  /**
   * Applies Connect's verdict to the attempt's record (compare-and-set); the record as it then is. `outcome`
   * only when the verdict is Connect's word on this charging record's own attempt.
   */
  private async apply(
    record: OrderRecord,
    verdict: Verdict,
    durability: Durability = 'durable',
  ): Promise<OrderRecord> {
    const next =
      verdict.kind === 'taken'
        ? this.next(record, { state: 'paid', paymentId: verdict.paymentId, leaseUntil: undefined })
        : verdict.kind === 'nothing'
          ? this.next(record, { state: 'open', paymentId: undefined, leaseUntil: undefined })
          : this.next(record, { paymentId: verdict.paymentId, leaseUntil: undefined });
    return (await this.options.store.compareAndSet(next, record.version, durability))
      ? next
      : this.read(record.orderId);
  }

  /** A Connect webhook's payment, applied to the order it names (its attempt's verdict). */
  async applyPayment(payment: unknown): Promise<{ orderId: string; applied: boolean } | undefined> {
    const verdict = verdictOf(payment);
    const reference = (
      payment as { paymentOutput?: { references?: { merchantReference?: unknown } } }
    )?.paymentOutput?.references?.merchantReference;
    const named = parseReference(reference);
    if (!verdict || !named) return undefined;
    const record = await this.read(named.orderId);
    if (record.version === 0) return undefined; // not an order this server charged
    if (verdict.kind === 'taken') {
      if (record.state === 'paid') {
        if (record.paymentId !== verdict.paymentId)
          this.options.log({
            level: 'error',
            event: 'webhook.second-payment',
            orderId: named.orderId,
            attempt: named.attempt,
            connect: { paymentId: verdict.paymentId, paymentStatus: verdict.status },
            detail: `the order is paid by ${record.paymentId}`,
          });
        return { orderId: named.orderId, applied: false };
      }
      const paid = this.next(record, {
        state: 'paid',
        paymentId: verdict.paymentId,
        attempt: Math.max(record.attempt, named.attempt),
        leaseUntil: undefined,
      });
      return {
        orderId: named.orderId,
        applied: await this.options.store.compareAndSet(paid, record.version),
      };
    }
    if (record.state !== 'charging' || record.attempt !== named.attempt)
      return { orderId: named.orderId, applied: false };
    const applied = await this.apply(record, verdict);
    return { orderId: named.orderId, applied: applied.version === record.version + 1 };
  }

  /** Settles every order left charging whose lease is over (after a restart, or on a timer). */
  async settleAll(): Promise<void> {
    const charging = await this.options.store.charging();
    await Promise.all(charging.map((record) => this.settle(record).catch(() => record)));
  }

  private next(record: OrderRecord, changes: Partial<OrderRecord>): OrderRecord {
    const merged: OrderRecord = {
      ...record,
      ...changes,
      version: record.version + 1,
      updatedAt: Date.now(),
    };
    // Absent, not undefined: a record reads the same from memory, the journal and PostgreSQL.
    return Object.fromEntries(
      Object.entries(merged).filter(([, value]) => value !== undefined),
    ) as unknown as OrderRecord;
  }

  private result(record: OrderRecord, errorId?: string, declined = false): ChargeResult {
    return {
      status: record.state === 'paid' ? 0 : 1,
      orderState: record.state,
      ...(record.state === 'paid' && record.paymentId && { paymentId: record.paymentId }),
      ...(record.state !== 'paid' && errorId && { errorId }),
      ...(record.state === 'open' && declined && { declined }),
    };
  }
}
