// How the Connect Server API emulator can fail a merchant's server: the faults a real charge path meets between
// a server and Connect. Each is applied to one call, chosen by `createServerApi({ fault })` or by
// `POST /emulator/server-fault` for a server in another process.

/**
 * - `slow`: answers, but only after `slowMs` (well inside a sensible deadline).
 * - `late`: takes the request (an idempotence key is "running" meanwhile) and answers after `lateMs`, after the
 *   caller's deadline; a payment is made as usual.
 * - `lost-after-taking`: makes the payment, then drops the connection without an answer.
 * - `5xx-before`: answers 500 before taking anything (a payment request makes no payment).
 * - `5xx-after`: makes the payment, then answers 500.
 * - `unreachable`: drops the connection before the request is read (Connect never saw it).
 */
export const SERVER_FAULTS = [
  'none',
  'slow',
  'late',
  'lost-after-taking',
  '5xx-before',
  '5xx-after',
  'unreachable',
] as const;
export type ServerFault = (typeof SERVER_FAULTS)[number];

export const isServerFault = (value: unknown): value is ServerFault =>
  SERVER_FAULTS.includes(value as ServerFault);

/** The Server API calls the emulator answers. */
export type ServerOperation =
  'sessions.create' | 'payments.create' | 'payments.find' | 'payments.get';

/** What a fault chooser is told about one call. */
export interface ServerCall {
  operation: ServerOperation;
  /** `X-GCS-Idempotence-Key`, when the call has one. */
  idempotenceKey?: string;
  /** The payment's `order.references.merchantReference` (create) or the `merchantReference` looked for (find). */
  merchantReference?: string;
  /** The payment asked for (get). */
  paymentId?: string;
}

/** Faults set over HTTP: each applies to the next `times` calls of its operation (all operations when absent). */
export class FaultQueue {
  private readonly queue: { fault: ServerFault; operation?: ServerOperation; times: number }[] = [];

  add(fault: ServerFault, operation?: ServerOperation, times = 1): void {
    if (fault === 'none') this.queue.length = 0;
    else this.queue.push({ fault, operation, times });
  }

  take(call: ServerCall): ServerFault {
    const index = this.queue.findIndex(
      (entry) => !entry.operation || entry.operation === call.operation,
    );
    if (index < 0) return 'none';
    const entry = this.queue[index]!;
    if (--entry.times <= 0) this.queue.splice(index, 1);
    return entry.fault;
  }
}
