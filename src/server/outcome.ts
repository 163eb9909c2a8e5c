// What a Connect payment status means for an order: money taken (the order is paid: never charge it again),
// nothing taken (another try may charge), or not decided yet.

// The order is taken: authorised, queued for capture, captured, or waiting for the merchant's own approval or
// fraud review — and later stages of a taken payment (a refund or chargeback is the merchant's business, not
// a reason to charge again).
const TAKEN = new Set([
  'PENDING_APPROVAL',
  'PENDING_CAPTURE',
  'PENDING_FRAUD_APPROVAL',
  'AUTHORIZATION_REQUESTED',
  'CAPTURE_REQUESTED',
  'CAPTURED',
  'PAID',
  'REFUND_REQUESTED',
  'REFUNDED',
  'CHARGEBACK_NOTIFICATION',
  'CHARGEBACKED',
  'REVERSED',
]);
// Final, and nothing was taken.
const NOTHING = new Set(['REJECTED', 'CANCELLED', 'REJECTED_CAPTURE']);

/** `pending`: CREATED, REDIRECTED, PENDING_PAYMENT, PENDING_COMPLETION, a status added later…: ask again later. */
export type Verdict =
  | { kind: 'taken'; paymentId: string; status: string }
  | { kind: 'nothing'; paymentId?: string; status?: string }
  | { kind: 'pending'; paymentId: string; status: string };

/** The verdict for one of Connect's `Payment` objects, or undefined when it is not one. */
export function verdictOf(payment: unknown): Verdict | undefined {
  const { id, status } = (payment ?? {}) as { id?: unknown; status?: unknown };
  if (typeof id !== 'string' || typeof status !== 'string') return undefined;
  if (TAKEN.has(status)) return { kind: 'taken', paymentId: id, status };
  if (NOTHING.has(status)) return { kind: 'nothing', paymentId: id, status };
  return { kind: 'pending', paymentId: id, status };
}

/** One verdict for several payments of one attempt: taken wins, then pending; nothing only if all say so. */
export function verdictOfAll(payments: unknown[]): Verdict | undefined {
  const verdicts = payments.map(verdictOf).filter((v): v is Verdict => !!v);
  return (
    verdicts.find((v) => v.kind === 'taken') ??
    verdicts.find((v) => v.kind === 'pending') ??
    verdicts[0]
  );
}
