// The Connect Server API calls a merchant's server makes for Apple Pay — create a client session, create a
// payment, get one, find an order's payments — emulated with Connect's checks: the `GCS v1HMAC` signature
// computed the way Connect computes it, the request body, Connect's error shapes (ErrorResponse, and
// PaymentErrorResponse for a decline), idempotent requests as Connect documents them, signed webhooks, and the
// faults a charge path meets (server-faults.ts). Written against web-standard Request/Response, so any server
// (node:http, Vite, a fetch handler) can mount it. `createServerApi()` makes an emulator with a record of its
// own; `handleServerApi` is the default one that `npx apple-pay-session-button-emulator` serves.
import { Buffer } from 'node:buffer';
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { connectError, invalid, isRecord, json, missing } from './server-errors.js';
import {
  FaultQueue,
  isServerFault,
  type ServerCall,
  type ServerFault,
  type ServerOperation,
} from './server-faults.js';
import { createPayment, paymentView, type EmulatedPayment } from './server-payments.js';

export { DECLINE_MARKER, MAGIC_AMOUNTS, type EmulatedPayment } from './server-payments.js';
export {
  SERVER_FAULTS,
  isServerFault,
  type ServerCall,
  type ServerFault,
  type ServerOperation,
} from './server-faults.js';

/** The emulator's only API key; point `connect-sdk-nodejs` at the emulator with these. */
export const EMULATOR_CREDENTIALS = {
  apiKeyId: 'emulator-api-key-id',
  secretApiKey: 'emulator-secret-api-key',
  merchantId: '1234',
} as const;

/** A client session the Server API created, for the Client API side to accept. */
export interface EmulatedClientSession {
  clientSessionId: string;
  customerId: string;
  merchantId: string;
  /** ms since the epoch; Connect's client sessions live 2 hours. */
  expiresAt: number;
}

/** Where the emulator sends Connect's webhooks, signed as Connect signs them. */
export interface WebhookTarget {
  keyId: string;
  secretKey: string;
  /** Delivers one signed webhook request (in-process). */
  deliver?: (request: Request) => unknown;
  /** Or: the merchant's webhooks URL, POSTed to. */
  url?: string;
}

export interface ServerApiOptions {
  /** The fault for one call (default: those set with `setFault`, else none). */
  fault?: (call: ServerCall) => ServerFault;
  /** How long a `slow` answer waits, ms (default 1,000). */
  slowMs?: number;
  /** How long a `late` answer waits, ms (default 30,000: after any sensible deadline). */
  lateMs?: number;
  webhooks?: WebhookTarget;
}

export interface ServerApi {
  /** Answers the Server API and `/emulator/server-fault`, `/emulator/webhooks`, `/emulator/payments`; else undefined. */
  handle(request: Request): Promise<Response | undefined>;
  /** Every payment made so far, oldest first: the emulator's own record. */
  payments(): EmulatedPayment[];
  /** Client sessions by `clientSessionId`; expired ones are not found. */
  clientSessions: { get(clientSessionId: string): EmulatedClientSession | undefined };
  /** Fails the next `times` calls of `operation` (any operation when absent); `'none'` clears the list. */
  setFault(fault: ServerFault, operation?: ServerOperation, times?: number): void;
  setWebhooks(target: WebhookTarget | undefined): void;
  /** Resolves once every request taken so far has been answered and its webhooks delivered. */
  idle(): Promise<void>;
}

const CLIENT_SESSION_LIFETIME = 2 * 60 * 60 * 1000;
// Connect refuses a request whose Date is too far from its clock (replays); the emulator allows 15 minutes.
const CLOCK_SKEW = 15 * 60 * 1000;
// Connect keeps idempotence keys for 24 hours.
const IDEMPOTENCE_LIFETIME = 24 * 60 * 60 * 1000;

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
    return isRecord(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An idempotence key's first request: still running, or finished with an answer Connect repeats. */
type KeyEntry =
  | { state: 'running'; firstAt: number }
  | {
      state: 'finished';
      firstAt: number;
      status: number;
      body: string;
      paymentId?: string;
      expiresAt: number;
    };

/** A Server API emulator with its own client sessions, payments, idempotence keys and faults. */
export function createServerApi(options: ServerApiOptions = {}): ServerApi {
  const { slowMs = 1000, lateMs = 30_000 } = options;
  const sessions = new Map<string, EmulatedClientSession>();
  const payments = new Map<string, EmulatedPayment>();
  const keys = new Map<string, KeyEntry>();
  const queued = new FaultQueue();
  const pending = new Set<Promise<unknown>>();
  let webhooks = options.webhooks;
  const faultFor = (call: ServerCall) => options.fault?.(call) ?? queued.take(call);

  const track = <T>(work: Promise<T>): Promise<T> => {
    pending.add(work);
    void work.catch(() => undefined).finally(() => pending.delete(work));
    return work;
  };

  /** Connect's webhook for a payment event, signed: `X-GCS-Signature` is base64 HMAC-SHA256 of the body. */
  function sendWebhook(payment: EmulatedPayment) {
    const target = webhooks;
    if (!target || (!target.deliver && !target.url)) return;
    const body = JSON.stringify({
      apiVersion: 'v1',
      id: randomUUID(),
      created: new Date().toISOString(),
      merchantId: EMULATOR_CREDENTIALS.merchantId,
      type: `payment.${payment.status.toLowerCase()}`,
      payment: paymentView(payment),
    });
    const signature = createHmac('sha256', target.secretKey).update(body).digest('base64');
    const request = new Request(target.url ?? 'http://merchant.invalid/webhooks', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-GCS-Signature': signature,
        'X-GCS-KeyId': target.keyId,
      },
      body,
    });
    // Connect retries failed deliveries for a while; the emulator delivers once.
    const deliver = target.deliver ?? ((signed: Request) => fetch(signed));
    void track(
      delay(0)
        .then(() => deliver(request))
        .catch(() => undefined),
    );
  }

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

  /** A finished request's answer, repeated with the first request's timestamp and the payment's current status. */
  function replay(entry: Extract<KeyEntry, { state: 'finished' }>): Response {
    let body = entry.body;
    const payment = entry.paymentId ? payments.get(entry.paymentId) : undefined;
    if (payment && entry.status === 201) {
      body = JSON.stringify({ ...JSON.parse(body), payment: paymentView(payment) });
    }
    return new Response(body, {
      status: entry.status,
      headers: {
        'Content-Type': 'application/json',
        'X-GCS-Idempotence-Request-Timestamp': String(entry.firstAt),
      },
    });
  }

  async function createPaymentOnce(
    body: Record<string, unknown>,
    idempotenceKey: string | undefined,
    fault: ServerFault,
  ): Promise<Response> {
    const receivedAt = Date.now();
    const key = idempotenceKey && `${EMULATOR_CREDENTIALS.merchantId}:${idempotenceKey}`;
    const known = key ? keys.get(key) : undefined;
    if (known && (known.state === 'running' || known.expiresAt > receivedAt)) {
      if (known.state === 'running')
        return connectError(409, { code: '1409', id: 'DUPLICATE_REQUEST_IN_PROGRESS' });
      return replay(known);
    }
    if (key) keys.set(key, { state: 'running', firstAt: receivedAt });
    if (fault === 'slow') await delay(slowMs);
    if (fault === 'late') await delay(lateMs);
    const attempt =
      fault === '5xx-before'
        ? { response: connectError(500, { code: '9999', id: 'UNKNOWN_SERVER_ERROR' }) }
        : createPayment(body, { idempotenceKey, receivedAt });
    if (attempt.payment) {
      payments.set(attempt.payment.id, attempt.payment);
      sendWebhook(attempt.payment);
    }
    const response =
      fault === '5xx-after'
        ? connectError(500, { code: '9999', id: 'UNKNOWN_SERVER_ERROR' })
        : attempt.response;
    if (key)
      keys.set(key, {
        state: 'finished',
        firstAt: receivedAt,
        status: response.status,
        body: await response.clone().text(),
        ...(attempt.payment && { paymentId: attempt.payment.id }),
        expiresAt: receivedAt + IDEMPOTENCE_LIFETIME,
      });
    return fault === 'lost-after-taking' ? Response.error() : response;
  }

  /** `GET /v1/{merchantId}/payments?merchantReference=…&offset=…&limit=…` */
  function findPayments(url: URL): Response {
    const merchantReference = url.searchParams.get('merchantReference');
    if (merchantReference === null && !url.searchParams.has('hostedCheckoutId'))
      return missing('merchantReference');
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 10);
    if (!Number.isSafeInteger(offset) || offset < 0) return invalid('offset');
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100) return invalid('limit');
    const found = [...payments.values()].filter((p) => p.merchantReference === merchantReference);
    return json(200, {
      payments: found.slice(offset, offset + limit).map(paymentView),
      offset,
      limit,
      totalCount: found.length,
    });
  }

  /** A read (find, get) with its fault applied. */
  async function read(fault: ServerFault, answer: () => Response): Promise<Response> {
    if (fault === 'unreachable' || fault === 'lost-after-taking') return Response.error();
    if (fault === 'slow') await delay(slowMs);
    if (fault === 'late') await delay(lateMs);
    if (fault === '5xx-before' || fault === '5xx-after')
      return connectError(500, { code: '9999', id: 'UNKNOWN_SERVER_ERROR' });
    return answer();
  }

  async function control(request: Request, path: string): Promise<Response | undefined> {
    if (path.endsWith('/emulator/payments') && request.method === 'GET')
      return json(200, [...payments.values()]);
    const switches = ['/emulator/server-fault', '/emulator/webhooks'];
    if (request.method !== 'POST' || !switches.some((end) => path.endsWith(end))) return undefined;
    const body = (await readBody(request)) ?? {};
    if (path.endsWith('/emulator/server-fault')) {
      const { fault, operation, times } = body;
      if (!isServerFault(fault)) return json(400, { error: 'unknown fault' });
      api.setFault(
        fault,
        typeof operation === 'string' ? (operation as ServerOperation) : undefined,
        typeof times === 'number' ? times : 1,
      );
      return json(200, { fault });
    }
    if (path.endsWith('/emulator/webhooks')) {
      const { url, keyId, secretKey } = body;
      if (typeof url !== 'string' || typeof keyId !== 'string' || typeof secretKey !== 'string')
        return json(400, { error: 'url, keyId and secretKey are required' });
      webhooks = { url, keyId, secretKey };
      return json(200, { url });
    }
    return undefined;
  }

  async function answer(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url);
    if (url.pathname.includes('/emulator/')) return control(request, url.pathname);
    const match = url.pathname.match(/^\/v1\/([^/]+)\/(sessions|payments)(?:\/([^/]+))?$/);
    if (!match) return undefined;
    const [, merchantId, resource, paymentId] = match;
    if (resource === 'sessions' && paymentId) return undefined;
    const method = request.method;
    const isRead = resource === 'payments' && method === 'GET';
    if (!isRead && (method !== 'POST' || paymentId))
      return connectError(405, { code: '1007', id: 'METHOD_NOT_ALLOWED' });
    if (!isAuthentic(request, url))
      return connectError(401, { code: '9002', id: 'MISSING_OR_INVALID_AUTHORIZATION' });
    if (decodeURIComponent(merchantId!) !== EMULATOR_CREDENTIALS.merchantId)
      return connectError(403, { code: '9007', id: 'ACCESS_TO_MERCHANT_NOT_ALLOWED' });

    if (isRead) {
      if (paymentId) {
        const fault = faultFor({ operation: 'payments.get', paymentId });
        return read(fault, () => {
          const payment = payments.get(paymentId);
          return payment
            ? json(200, paymentView(payment))
            : connectError(404, { code: '1002', id: 'UNKNOWN_PAYMENT_ID' });
        });
      }
      const merchantReference = url.searchParams.get('merchantReference') ?? undefined;
      const fault = faultFor({ operation: 'payments.find', merchantReference });
      return read(fault, () => findPayments(url));
    }

    const idempotenceKey = request.headers.get('x-gcs-idempotence-key') ?? undefined;
    if (!request.headers.get('content-type')?.startsWith('application/json'))
      return connectError(415, { code: '21000010', id: 'UNSUPPORTED_MEDIA_TYPE' });
    const body = await readBody(request);
    if (!body) return connectError(400, { code: '21000010', id: 'REQUEST_NOT_PARSABLE' });
    if (resource === 'sessions') {
      const fault = faultFor({ operation: 'sessions.create' });
      return read(fault, () => createSession(body, url, EMULATOR_CREDENTIALS.merchantId));
    }
    const order = isRecord(body.order) ? body.order : {};
    const references = isRecord(order.references) ? order.references : {};
    const merchantReference =
      typeof references.merchantReference === 'string' ? references.merchantReference : undefined;
    const fault = faultFor({ operation: 'payments.create', idempotenceKey, merchantReference });
    // Connect never saw a request whose connection dropped first: no key is taken.
    if (fault === 'unreachable') return Response.error();
    return createPaymentOnce(body, idempotenceKey, fault);
  }

  const api: ServerApi = {
    // Connect goes on with a request whose caller hung up: the work is tracked apart from the caller.
    handle: (request) => track(answer(request)),
    payments: () => [...payments.values()],
    clientSessions: {
      get(clientSessionId) {
        const session = sessions.get(clientSessionId);
        if (session && session.expiresAt <= Date.now()) sessions.delete(clientSessionId);
        return sessions.get(clientSessionId);
      },
    },
    setFault: (fault, operation, times = 1) => queued.add(fault, operation, times),
    setWebhooks(target) {
      webhooks = target;
    },
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
  return api;
}

/** The emulator that `npx apple-pay-session-button-emulator` and the test kit's Node server serve. */
export const defaultServerApi: ServerApi = createServerApi();

/**
 * Answers the Server API calls (`POST /v1/{merchantId}/sessions`, `POST /v1/{merchantId}/payments`,
 * `GET /v1/{merchantId}/payments[/{paymentId}]`) and the emulator's server-side switches; resolves to undefined
 * for any other request, so that the caller can hand it on.
 */
export const handleServerApi = (request: Request): Promise<Response | undefined> =>
  defaultServerApi.handle(request);

/** The default emulator's client sessions by `clientSessionId`; expired ones are not found. */
export const clientSessions = defaultServerApi.clientSessions;
