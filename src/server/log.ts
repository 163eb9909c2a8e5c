// The server's log: one entry per thing worth knowing, with an errorId the browser may quote. Connect's answers
// are summarised (status, its errorId, error codes, payment id and status) — never logged whole, and never with
// the token or anything else a card could be read from.
import { randomUUID } from 'node:crypto';
import type { ConnectAnswer } from './connect.js';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  /** What happened, e.g. `charge.declined`, `settle.paid`, `webhook.refused`. */
  event: string;
  /** The id the browser was given for this entry, when it was given one. */
  errorId?: string;
  orderId?: string;
  attempt?: number;
  /** A summary of Connect's answer. */
  connect?: ConnectSummary;
  /** A short explanation (never Connect's message text). */
  detail?: string;
}

export interface ConnectSummary {
  status?: number;
  /** No answer: `timeout` or `network`. */
  failure?: string;
  replayed?: boolean;
  errorId?: string;
  /** `code id` of each of Connect's errors, e.g. `430330 NOT_AUTHORISED`. */
  errors?: string[];
  paymentId?: string;
  paymentStatus?: string;
}

export type Logger = (entry: LogEntry) => void;

/** One JSON line per entry on stderr. */
export const consoleLogger: Logger = (entry) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};

export const newErrorId = (): string => randomUUID();

/** What of Connect's answer may be logged. */
export function summarise(answer: ConnectAnswer): ConnectSummary {
  if (answer.kind === 'no-answer') return { failure: answer.reason };
  const body = (answer.body ?? {}) as {
    errorId?: unknown;
    errors?: { code?: unknown; id?: unknown }[];
    payment?: { id?: unknown; status?: unknown };
    paymentResult?: { payment?: { id?: unknown; status?: unknown } };
  };
  const payment = body.payment ?? body.paymentResult?.payment;
  return {
    status: answer.status,
    ...(answer.replayedFrom && { replayed: true }),
    ...(typeof body.errorId === 'string' && { errorId: body.errorId }),
    ...(Array.isArray(body.errors) && {
      errors: body.errors.map((e) => `${String(e?.code)} ${String(e?.id)}`),
    }),
    ...(typeof payment?.id === 'string' && { paymentId: payment.id }),
    ...(typeof payment?.status === 'string' && { paymentStatus: payment.status }),
  };
}
