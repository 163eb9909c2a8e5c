// The Connect Server API calls a merchant's server makes for Apple Pay — create a client session, create a
// payment — emulated with Connect's checks: the `GCS v1HMAC` signature computed the way Connect computes it, the
// request body, and Connect's error shapes (ErrorResponse, and PaymentErrorResponse for a decline). Written
// against web-standard Request/Response, so any server (node:http, Vite, a fetch handler) can mount it.
import { Buffer } from 'node:buffer';
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** The emulator's only API key; point `connect-sdk-nodejs` at the emulator with these. */
export const EMULATOR_CREDENTIALS = {
  apiKeyId: 'emulator-api-key-id',
  secretApiKey: 'emulator-secret-api-key',
  merchantId: '1234',
} as const;

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

/** A client session the Server API created, for the Client API side to accept. */
export interface EmulatedClientSession {
  clientSessionId: string;
  customerId: string;
  merchantId: string;
  /** ms since the epoch; Connect's client sessions live 2 hours. */
  expiresAt: number;
}

const CLIENT_SESSION_LIFETIME = 2 * 60 * 60 * 1000;
// Connect refuses a request whose Date is too far from its clock (replays); the emulator allows 15 minutes.
const CLOCK_SKEW = 15 * 60 * 1000;
const AUTHORIZATION_MODES = new Set(['FINAL_AUTHORIZATION', 'PRE_AUTHORIZATION', 'SALE']);

const sessions = new Map<string, EmulatedClientSession>();
// Payments by X-GCS-Idempotence-Key: Connect answers a repeated key with the first answer, not a new payment.
const idempotentPayments = new Map<string, { status: number; body: string; timestamp: string }>();

/** Client sessions by `clientSessionId`; expired ones are not found. */
export const clientSessions = {
  get(clientSessionId: string): EmulatedClientSession | undefined {
    const session = sessions.get(clientSessionId);
    if (session && session.expiresAt <= Date.now()) sessions.delete(clientSessionId);
    return sessions.get(clientSessionId);
  },
};

interface ConnectError {
  code: string;
  id: string;
  propertyName?: string;
  category?: string;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function errorBody(status: number, error: ConnectError) {
  return {
    errorId: `${randomUUID()}-${String(Date.now() % 100000).padStart(8, '0')}`,
    errors: [
      {
        category: error.category ?? (status >= 500 ? 'IO_ERROR' : 'CONNECT_PLATFORM_ERROR'),
        code: error.code,
        httpStatusCode: status,
        id: error.id,
        // Connect's messages are for the merchant's logs, never for the customer.
        message: error.id,
        ...(error.propertyName && { propertyName: error.propertyName }),
        requestId: String(Math.floor(Math.random() * 1e6)),
      },
    ],
  };
}

/** Connect's ErrorResponse. */
function connectError(status: number, error: ConnectError): Response {
  return json(status, errorBody(status, error));
}

const missing = (propertyName: string) =>
  connectError(400, { code: '20000000', id: 'PARAMETER_NOT_FOUND_IN_REQUEST', propertyName });
// Connect's code for a present but unusable value; the emulator uses one for all of them.
const invalid = (propertyName: string) =>
  connectError(400, { code: '21000020', id: 'INVALID_VALUE', propertyName });

/** `CanonicalizedHeaders`: the X-GCS headers, lower-cased names sorted, values unfolded and trimmed. */
function canonicalGcsHeaders(headers: Headers): string {
  return [...headers]
    .filter(([name]) => name.toLowerCase().startsWith('x-gcs'))
    .map(([name, value]) => [name.toLowerCase(), value.replace(/\r?\n[^\S\r\n]*/g, ' ').trim()])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([name, value]) => `${name}:${value}\n`)
    .join('');
}

/** Connect's server authentication: `Authorization: GCS v1HMAC:{apiKeyId}:{base64 HMAC-SHA256}`. */
function isAuthentic(request: Request, url: URL): boolean {
  const match = request.headers.get('authorization')?.match(/^GCS v1HMAC:([^:]+):(.+)$/);
  const date = request.headers.get('date');
  if (!match || match[1] !== EMULATOR_CREDENTIALS.apiKeyId || !date) return false;
  if (!(Math.abs(Date.parse(date) - Date.now()) <= CLOCK_SKEW)) return false;
  const stringToHash =
    `${request.method}\n${request.headers.get('content-type') ?? ''}\n${date}\n` +
    `${canonicalGcsHeaders(request.headers)}${url.pathname}${url.search}\n`;
  const expected = createHmac('sha256', EMULATOR_CREDENTIALS.secretApiKey)
    .update(stringToHash)
    .digest();
  const given = Buffer.from(match[2]!, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readBody(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = await request.json();
    return body && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

function createSession(body: Record<string, unknown>, url: URL, merchantId: string): Response {
  if (
    body.tokens !== undefined &&
    (!Array.isArray(body.tokens) || body.tokens.some((t) => typeof t !== 'string'))
  )
    return invalid('tokens');
  if (body.paymentProductFilters !== undefined && !isRecord(body.paymentProductFilters))
    return invalid('paymentProductFilters');
  const session: EmulatedClientSession = {
    clientSessionId: randomBytes(16).toString('hex'),
    customerId: `${merchantId}-${randomBytes(8).toString('hex')}`,
    merchantId,
    expiresAt: Date.now() + CLIENT_SESSION_LIFETIME,
  };
  sessions.set(session.clientSessionId, session);
  return json(201, {
    assetUrl: `${url.origin}/assets/`,
    clientApiUrl: `${url.origin}/client/v1`,
    clientSessionId: session.clientSessionId,
    customerId: session.customerId,
    // The emulator stores no tokens: every token named is unknown to it.
    invalidTokens: (body.tokens as string[] | undefined) ?? [],
    region: 'EU',
  });
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

function payment(
  id: string,
  amountOfMoney: unknown,
  status: string,
  category: string,
  code: number,
) {
  return {
    id,
    paymentOutput: {
      amountOfMoney,
      paymentMethod: 'mobile',
      mobilePaymentMethodSpecificOutput: { paymentProductId: 302, network: 'VISA' },
    },
    status,
    statusOutput: {
      isCancellable: status !== 'REJECTED',
      statusCategory: category,
      statusCode: code,
      isAuthorized: status !== 'REJECTED',
      isRefundable: false,
    },
  };
}

function createPayment(body: Record<string, unknown>): Response {
  const order = body.order;
  const amountOfMoney = isRecord(order) ? order.amountOfMoney : undefined;
  if (!isRecord(amountOfMoney)) return missing('order.amountOfMoney');
  const { amount, currencyCode } = amountOfMoney;
  if (amount === undefined) return missing('order.amountOfMoney.amount');
  if (!Number.isSafeInteger(amount) || (amount as number) < 0)
    return invalid('order.amountOfMoney.amount');
  if (currencyCode === undefined) return missing('order.amountOfMoney.currencyCode');
  if (typeof currencyCode !== 'string' || !/^[A-Z]{3}$/.test(currencyCode))
    return invalid('order.amountOfMoney.currencyCode');

  const input = body.mobilePaymentMethodSpecificInput;
  if (!isRecord(input)) return missing('mobilePaymentMethodSpecificInput');
  if (input.paymentProductId === undefined)
    return missing('mobilePaymentMethodSpecificInput.paymentProductId');
  if (input.paymentProductId !== 302)
    return invalid('mobilePaymentMethodSpecificInput.paymentProductId');
  if (input.encryptedPaymentData === undefined)
    return missing('mobilePaymentMethodSpecificInput.encryptedPaymentData');
  const token =
    typeof input.encryptedPaymentData === 'string'
      ? applePaymentData(input.encryptedPaymentData)
      : undefined;
  if (!token) return invalid('mobilePaymentMethodSpecificInput.encryptedPaymentData');
  if (
    input.authorizationMode !== undefined &&
    !AUTHORIZATION_MODES.has(input.authorizationMode as string)
  )
    return invalid('mobilePaymentMethodSpecificInput.authorizationMode');

  if (amount === MAGIC_AMOUNTS.platformError)
    return connectError(500, { code: '9999', id: 'UNKNOWN_SERVER_ERROR' });
  if (amount === MAGIC_AMOUNTS.acquirerUnavailable)
    return connectError(502, {
      code: '30001101',
      id: 'ACQUIRER_UNAVAILABLE',
      category: 'PAYMENT_PLATFORM_ERROR',
    });

  const id = `000000${randomBytes(6).toString('hex')}0000100001`;
  if (
    amount === MAGIC_AMOUNTS.declined ||
    Buffer.from(token.data, 'base64').toString('utf8').includes(DECLINE_MARKER)
  ) {
    const decline = { code: '430330', id: 'NOT_AUTHORISED', category: 'PAYMENT_PLATFORM_ERROR' };
    const declined = errorBody(402, decline);
    const rejected = payment(id, amountOfMoney, 'REJECTED', 'UNSUCCESSFUL', 100);
    return json(402, {
      ...declined,
      paymentResult: {
        creationOutput: { additionalReference: id.slice(0, 10), externalReference: id },
        payment: {
          ...rejected,
          statusOutput: { ...rejected.statusOutput, errors: declined.errors },
        },
      },
    });
  }
  // Connect holds a payment for the merchant's approval unless it was asked not to (or to sell at once).
  const held = input.requiresApproval !== false && input.authorizationMode !== 'SALE';
  return json(201, {
    creationOutput: { additionalReference: id.slice(0, 10), externalReference: id },
    payment: held
      ? payment(id, amountOfMoney, 'PENDING_APPROVAL', 'PENDING_MERCHANT', 600)
      : payment(id, amountOfMoney, 'CAPTURE_REQUESTED', 'PENDING_CONNECT_OR_3RD_PARTY', 800),
  });
}

/**
 * Answers `POST /v1/{merchantId}/sessions` and `POST /v1/{merchantId}/payments`; resolves to undefined for
 * any request that is not a Server API call, so that the caller can hand it on.
 */
export async function handleServerApi(request: Request): Promise<Response | undefined> {
  const url = new URL(request.url);
  const match = url.pathname.match(/^\/v1\/([^/]+)\/(sessions|payments)$/);
  if (!match) return undefined;
  const [, merchantId, resource] = match;
  if (request.method !== 'POST')
    return connectError(405, { code: '1007', id: 'METHOD_NOT_ALLOWED' });
  if (!isAuthentic(request, url))
    return connectError(401, { code: '9002', id: 'MISSING_OR_INVALID_AUTHORIZATION' });
  if (decodeURIComponent(merchantId!) !== EMULATOR_CREDENTIALS.merchantId)
    return connectError(403, { code: '9007', id: 'ACCESS_TO_MERCHANT_NOT_ALLOWED' });
  if (!request.headers.get('content-type')?.startsWith('application/json'))
    return connectError(415, { code: '21000010', id: 'UNSUPPORTED_MEDIA_TYPE' });
  const body = await readBody(request);
  if (!body) return connectError(400, { code: '21000010', id: 'REQUEST_NOT_PARSABLE' });
  if (resource === 'sessions') return createSession(body, url, EMULATOR_CREDENTIALS.merchantId);
  const idempotenceKey = request.headers.get('x-gcs-idempotence-key');
  const first = idempotenceKey ? idempotentPayments.get(idempotenceKey) : undefined;
  if (first)
    return new Response(first.body, {
      status: first.status,
      headers: {
        'Content-Type': 'application/json',
        'X-GCS-Idempotence-Request-Timestamp': first.timestamp,
      },
    });
  const response = createPayment(body);
  if (idempotenceKey && response.status < 500)
    idempotentPayments.set(idempotenceKey, {
      status: response.status,
      body: await response.clone().text(),
      timestamp: String(Date.now()),
    });
  return response;
}
