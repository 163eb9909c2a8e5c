// The payments the emulated Connect makes: `POST /v1/{merchantId}/payments` checked as Connect checks it, the
// acquirer's answer (approve, or decline for the magic amount or a declining test token), and the emulator's own
// record of every payment made, which tests compare a merchant's server against.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { connectError, errorBody, invalid, isRecord, json, missing } from './server-errors.js';

/**
 * Amounts (`order.amountOfMoney.amount`, minor units) that make the emulated acquirer answer otherwise than
 * approve: a real Apple Pay token is encrypted, so it cannot name a test card (simulated ones may carry
 * `DECLINE_MARKER`).
 */
export const MAGIC_AMOUNTS = {
  /** 402 PaymentErrorResponse, payment `REJECTED` (code 430330, "not authorised"). */
  declined: 402,
  /** 502 ErrorResponse: the acquirer could not be reached. */
  acquirerUnavailable: 502,
  /** 500 ErrorResponse: the platform failed. */
  platformError: 500,
} as const;

/**
 * The test-card trigger: a token whose `paymentData.data` is base64 of a text containing this word is declined
 * like `MAGIC_AMOUNTS.declined` (a simulator can put it there for its declining card).
 */
export const DECLINE_MARKER = 'decline';

const AUTHORIZATION_MODES = new Set(['FINAL_AUTHORIZATION', 'PRE_AUTHORIZATION', 'SALE']);

/** One payment in the emulator's record. */
export interface EmulatedPayment {
  id: string;
  /** `order.references.merchantReference`, when the request had one. */
  merchantReference?: string;
  /** Minor units, as the request asked. */
  amount: number;
  currencyCode: string;
  /** Connect's payment status: `PENDING_APPROVAL`, `CAPTURE_REQUESTED` or `REJECTED`. */
  status: string;
  /** The `X-GCS-Idempotence-Key` of the request that made it. */
  idempotenceKey?: string;
  /** When the request that made it arrived, and when the payment was made (ms since the epoch). */
  receivedAt: number;
  createdAt: number;
}

/** Connect's `Payment` object for a payment in the record (what create, get, find and webhooks carry). */
export function paymentView(payment: EmulatedPayment) {
  const rejected = payment.status === 'REJECTED';
  const [category, code] = rejected
    ? ['UNSUCCESSFUL', 100]
    : payment.status === 'PENDING_APPROVAL'
      ? ['PENDING_MERCHANT', 600]
      : ['PENDING_CONNECT_OR_3RD_PARTY', 800];
  return {
    id: payment.id,
    paymentOutput: {
      amountOfMoney: { amount: payment.amount, currencyCode: payment.currencyCode },
      references: payment.merchantReference ? { merchantReference: payment.merchantReference } : {},
      paymentMethod: 'mobile',
      mobilePaymentMethodSpecificOutput: { paymentProductId: 302, network: 'VISA' },
    },
    status: payment.status,
    statusOutput: {
      isCancellable: !rejected,
      statusCategory: category,
      statusCode: code,
      isAuthorized: !rejected,
      isRefundable: false,
    },
  };
}

/** Apple's PKPaymentToken.paymentData from its JSON string (`{version, data, signature, header}`). */
function applePaymentData(text: string): { data: string } | undefined {
  try {
    const data: unknown = JSON.parse(text);
    return isRecord(data) &&
      typeof data.version === 'string' &&
      typeof data.data === 'string' &&
      typeof data.signature === 'string' &&
      isRecord(data.header)
      ? { data: data.data }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A request's answer, and the payment it made (none for a refusal before the acquirer). */
export interface PaymentAttempt {
  response: Response;
  payment?: EmulatedPayment;
}

/** Answers a create-payment request body; `made` gets the payment when one is made (approved or rejected). */
export function createPayment(
  body: Record<string, unknown>,
  context: { idempotenceKey?: string; receivedAt: number },
): PaymentAttempt {
  const order = body.order;
  const amountOfMoney = isRecord(order) ? order.amountOfMoney : undefined;
  if (!isRecord(amountOfMoney)) return { response: missing('order.amountOfMoney') };
  const { amount, currencyCode } = amountOfMoney;
  if (amount === undefined) return { response: missing('order.amountOfMoney.amount') };
  if (!Number.isSafeInteger(amount) || (amount as number) < 0)
    return { response: invalid('order.amountOfMoney.amount') };
  if (currencyCode === undefined) return { response: missing('order.amountOfMoney.currencyCode') };
  if (typeof currencyCode !== 'string' || !/^[A-Z]{3}$/.test(currencyCode))
    return { response: invalid('order.amountOfMoney.currencyCode') };
  const references = isRecord(order) ? order.references : undefined;
  const merchantReference = isRecord(references) ? references.merchantReference : undefined;
  if (merchantReference !== undefined && typeof merchantReference !== 'string')
    return { response: invalid('order.references.merchantReference') };

  const input = body.mobilePaymentMethodSpecificInput;
  if (!isRecord(input)) return { response: missing('mobilePaymentMethodSpecificInput') };
  if (input.paymentProductId === undefined)
    return { response: missing('mobilePaymentMethodSpecificInput.paymentProductId') };
  if (input.paymentProductId !== 302)
    return { response: invalid('mobilePaymentMethodSpecificInput.paymentProductId') };
  if (input.encryptedPaymentData === undefined)
    return { response: missing('mobilePaymentMethodSpecificInput.encryptedPaymentData') };
  const token =
    typeof input.encryptedPaymentData === 'string'
      ? applePaymentData(input.encryptedPaymentData)
      : undefined;
  if (!token) return { response: invalid('mobilePaymentMethodSpecificInput.encryptedPaymentData') };
  if (
    input.authorizationMode !== undefined &&
    !AUTHORIZATION_MODES.has(input.authorizationMode as string)
  )
    return { response: invalid('mobilePaymentMethodSpecificInput.authorizationMode') };

  if (amount === MAGIC_AMOUNTS.platformError)
    return { response: connectError(500, { code: '9999', id: 'UNKNOWN_SERVER_ERROR' }) };
  if (amount === MAGIC_AMOUNTS.acquirerUnavailable)
    return {
      response: connectError(502, {
        code: '30001101',
        id: 'ACQUIRER_UNAVAILABLE',
        category: 'PAYMENT_PLATFORM_ERROR',
      }),
    };

  const declined =
    amount === MAGIC_AMOUNTS.declined ||
    Buffer.from(token.data, 'base64').toString('utf8').includes(DECLINE_MARKER);
  // Connect holds a payment for the merchant's approval unless it was asked not to (or to sell at once).
  const held = input.requiresApproval !== false && input.authorizationMode !== 'SALE';
  const payment: EmulatedPayment = {
    id: `000000${randomBytes(6).toString('hex')}0000100001`,
    ...(merchantReference !== undefined && { merchantReference }),
    amount: amount as number,
    currencyCode,
    status: declined ? 'REJECTED' : held ? 'PENDING_APPROVAL' : 'CAPTURE_REQUESTED',
    ...(context.idempotenceKey && { idempotenceKey: context.idempotenceKey }),
    receivedAt: context.receivedAt,
    createdAt: Date.now(),
  };
  const creationOutput = {
    additionalReference: payment.id.slice(0, 10),
    externalReference: payment.id,
  };
  if (!declined)
    return { response: json(201, { creationOutput, payment: paymentView(payment) }), payment };
  const decline = { code: '430330', id: 'NOT_AUTHORISED', category: 'PAYMENT_PLATFORM_ERROR' };
  const error = errorBody(402, decline);
  const rejected = paymentView(payment);
  return {
    response: json(402, {
      ...error,
      paymentResult: {
        creationOutput,
        payment: { ...rejected, statusOutput: { ...rejected.statusOutput, errors: error.errors } },
      },
    }),
    payment,
  };
}
