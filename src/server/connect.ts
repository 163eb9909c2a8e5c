// Connect's Server API through connect-sdk-nodejs, with a deadline on every call. At the deadline the call's
// HTTP request is destroyed — also one the SDK has not sent yet, which then never leaves — so a request never
// reaches Connect after its caller gave up. Each answer says whether the request was sent at all, and whether
// Connect repeated an earlier request's answer (X-GCS-Idempotence-Request-Timestamp). Each call has an SDK client
// of its own whose agent sees the call's requests (no AsyncLocalStorage: on Node 20 it would put a hook on every
// promise of the merchant's whole process).
import { Agent as HttpAgent, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { loadOptional } from './optional.js';

/** Where and how the server reaches Connect's Server API. */
export interface ConnectSettings {
  apiKeyId: string;
  secretApiKey: string;
  merchantId: string;
  /** The Server API's base URL, e.g. `https://eu.sandbox.api-ingenico.com` (`http:` for a local emulator). */
  apiEndpoint: string;
  /** Your company or shop, sent in X-GCS-ServerMetaInfo. */
  integrator?: string;
}

/** How long each kind of Connect call may take, ms. */
export interface Deadlines {
  /** Creating a payment (the acquirer is asked): default 15,000. */
  payment: number;
  /** Getting or finding payments: default 5,000. */
  lookup: number;
  /** Creating a client session: default 5,000. */
  session: number;
  /**
   * How long after a payment request's deadline other requests and processes leave its order alone (clocks and
   * busy event loops differ): default 1,000.
   */
  leaseMargin: number;
}

export const DEFAULT_DEADLINES: Deadlines = {
  payment: 15_000,
  lookup: 5_000,
  session: 5_000,
  leaseMargin: 1_000,
};

/** Connect answered (any HTTP status), or did not within the deadline or the connection failed. */
export type ConnectAnswer =
  | {
      kind: 'answer';
      status: number;
      body: unknown;
      /** Set when Connect repeated the answer of an earlier request with the same idempotence key. */
      replayedFrom?: string;
    }
  | {
      kind: 'no-answer';
      reason: 'timeout' | 'network';
      /** False when the request never left this process whole: Connect cannot have acted on it. */
      sent: boolean;
    };

export interface ConnectGateway {
  readonly merchantId: string;
  createSession(): Promise<ConnectAnswer>;
  createPayment(body: object, idempotenceKey: string): Promise<ConnectAnswer>;
  findPayments(merchantReference: string): Promise<ConnectAnswer>;
  getPayment(paymentId: string): Promise<ConnectAnswer>;
  close(): void;
}

interface SdkResponse {
  status: number;
  body: unknown;
}
interface PaymentContext {
  idempotence?: { key: string; requestTimestamp?: string | number };
  [parameter: string]: unknown;
}
/** The part of connect-sdk-nodejs this module uses. */
interface ConnectSdk {
  init(configuration: object): SdkClient;
}
interface SdkClient {
  v1: {
    sessions: { create(merchantId: string, body: object): Promise<SdkResponse> };
    payments: {
      create(merchantId: string, body: object, context: PaymentContext): Promise<SdkResponse>;
      find(merchantId: string, context: PaymentContext): Promise<SdkResponse>;
      get(merchantId: string, paymentId: string): Promise<SdkResponse>;
    };
  };
}

/** The HTTP requests one call made, and whether one was sent whole. */
interface CallContext {
  requests: ClientRequest[];
  sent: boolean;
  expired: boolean;
}
/** How long a kept-alive connection to Connect may stay idle (less when Connect's answers say less). */
const IDLE_CONNECTION_MS = 30_000;

/**
 * The agent of one call: the shared keep-alive agent, except that every request the SDK makes for the call comes
 * through `addRequest` here first — synchronously, in the request's constructor, before anything is written — and
 * is kept for the call's deadline, or destroyed when the call has given up (it then never leaves).
 */
function agentFor(shared: HttpAgent, call: CallContext): HttpAgent {
  return Object.create(shared, {
    addRequest: {
      value(request: ClientRequest, options: object) {
        if (call.expired) {
          request.destroy();
          return;
        }
        call.requests.push(request);
        request.once('finish', () => (call.sent = true));
        (shared as unknown as { addRequest(r: ClientRequest, o: object): void }).addRequest(
          request,
          options,
        );
      },
    },
  }) as HttpAgent;
}

async function withDeadline(
  ms: number,
  call: CallContext,
  work: Promise<SdkResponse>,
  replayed?: () => string | undefined,
): Promise<ConnectAnswer> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const outcome = await Promise.race([
    work.then(
      (response) => ({ response }),
      (error: unknown) => ({ error: error as { status?: number; body?: unknown } }),
    ),
    deadline,
  ]);
  clearTimeout(timer);
  // A call whose requests this agent never saw cannot say that nothing was sent: it counts as sent.
  const sent = call.sent || call.requests.length === 0;
  if (outcome === 'timeout') {
    call.expired = true;
    for (const request of call.requests) request.destroy();
    return { kind: 'no-answer', reason: 'timeout', sent };
  }
  if ('response' in outcome) {
    const replayedFrom = replayed?.();
    return {
      kind: 'answer',
      status: outcome.response.status,
      body: outcome.response.body,
      ...(replayedFrom && { replayedFrom }),
    };
  }
  // The SDK rejects an answer that is not JSON (a proxy's HTML page) with its status: still an answer.
  if (typeof outcome.error.status === 'number')
    return { kind: 'answer', status: outcome.error.status, body: undefined };
  return { kind: 'no-answer', reason: 'network', sent };
}

/** A gateway to Connect over connect-sdk-nodejs (an optional peer dependency, loaded here). */
export async function connectGateway(
  settings: ConnectSettings,
  deadlines: Deadlines,
): Promise<ConnectGateway> {
  const sdk = await loadOptional<ConnectSdk>('connect-sdk-nodejs', 'to reach Connect');
  const endpoint = new URL(settings.apiEndpoint);
  const scheme = endpoint.protocol === 'http:' ? 'http' : 'https';
  // An idle connection is closed before Connect's end does (the timeout lets node honour the answer's
  // `Keep-Alive: timeout=…` hint, less a second): a request sent on a connection the other end is closing fails
  // after it was sent, and its charge would wait for settling.
  const keepAlive = { keepAlive: true, timeout: IDLE_CONNECTION_MS };
  const agent = scheme === 'http' ? new HttpAgent(keepAlive) : new HttpsAgent(keepAlive);
  const configuration = {
    host: endpoint.hostname,
    scheme,
    port: Number(endpoint.port) || (scheme === 'http' ? 80 : 443),
    apiKeyId: settings.apiKeyId,
    secretApiKey: settings.secretApiKey,
    integrator: settings.integrator ?? 'apple-pay-session-button',
  };
  const { merchantId } = settings;
  let closed = false;
  // A closed gateway makes no call: whatever is still running in a closed server must not reach Connect.
  const call = async (
    ms: number,
    run: (client: SdkClient) => Promise<SdkResponse>,
    replayed?: () => string | undefined,
  ): Promise<ConnectAnswer> => {
    if (closed) return { kind: 'no-answer', reason: 'network', sent: false };
    const context: CallContext = { requests: [], sent: false, expired: false };
    const client = sdk.init({
      ...configuration,
      connectionOptions: { agent: agentFor(agent, context) },
    });
    return withDeadline(ms, context, run(client), replayed);
  };
  return {
    merchantId,
    createSession: () =>
      call(deadlines.session, (client) => client.v1.sessions.create(merchantId, {})),
    createPayment(body, key) {
      const context: PaymentContext = { idempotence: { key } };
      return call(
        deadlines.payment,
        (client) => client.v1.payments.create(merchantId, body, context),
        () => {
          const timestamp = context.idempotence?.requestTimestamp;
          return timestamp === undefined ? undefined : String(timestamp);
        },
      );
    },
    findPayments: (merchantReference) =>
      call(deadlines.lookup, (client) =>
        // The SDK puts query parameters in the URL as they are: encode the reference here.
        client.v1.payments.find(merchantId, {
          merchantReference: encodeURIComponent(merchantReference),
          limit: 100,
        }),
      ),
    getPayment: (paymentId) =>
      call(deadlines.lookup, (client) =>
        client.v1.payments.get(merchantId, encodeURIComponent(paymentId)),
      ),
    close() {
      closed = true;
      agent.destroy();
    },
  };
}
