// The Connect Client API as the tests need it: `fetch` is replaced by a recorder that answers what the test
// scripts, honours AbortSignal the way real fetch does, and can hang, drop the connection or drip a body.

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string;
  signal: AbortSignal;
}

type Responder = (request: RecordedRequest) => Response | Promise<Response>;

export const sampleMerchantSession = {
  epochTimestamp: 1764200000000,
  expiresAt: 1764203600000,
  merchantSessionIdentifier: 'SSH0123456789ABCDEF',
  nonce: '1a2b3c4d',
  merchantIdentifier: 'merchant.com.example',
  domainName: 'localhost',
  displayName: 'Example Shop',
  signature: 'c2lnbmF0dXJl',
};

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

export const merchantSessionResponse = (merchantSession: unknown = sampleMerchantSession) =>
  json(200, {
    paymentProductSession302SpecificOutput: { sessionObject: JSON.stringify(merchantSession) },
  });

/**
 * What fetch rejects with when its signal aborts: the signal's reason, or an AbortError where the browser has
 * no reasons (Safari before 15.4, as the simulator's safari-15.0 plays it).
 */
const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');

/** Never answers; rejects only when the request is aborted, as real fetch does. */
export const hang: Responder = () => new Promise(() => {});

/** Answers headers at once, then a body that never ends (a server that drips or stalls). */
export const dripForever: Responder = ({ signal }) =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"paymentProductSession302Spec'));
        signal.addEventListener('abort', () => controller.error(abortReason(signal)));
      },
    }),
    { status: 200, headers: { 'Content-Type': 'application/json' } },
  );

/** The connection drops: fetch rejects with a TypeError, as browsers do. */
export const dropConnection: Responder = () => Promise.reject(new TypeError('Failed to fetch'));

const realFetch = globalThis.fetch;

export const productResponse = (networks: unknown = ['VISA', 'MASTERCARD', 'AMEX']) =>
  json(200, { id: 302, paymentProductGroup: 'cards', paymentProduct302SpecificData: { networks } });

export const connectApi = {
  /** The merchant-session requests (`POST …/sessions`). */
  requests: [] as RecordedRequest[],
  /** The availability look-ups (`GET …/products/{id}`). */
  productRequests: [] as RecordedRequest[],
  responder: (() => merchantSessionResponse()) as Responder,
  productResponder: (() => productResponse()) as Responder,

  reset() {
    this.requests = [];
    this.productRequests = [];
    this.responder = () => merchantSessionResponse();
    this.productResponder = () => productResponse();
  },
  /** Answers every following merchant-session request with `responder`. */
  respond(responder: Responder) {
    this.responder = responder;
  },
  /** Answers every following payment product look-up with `responder`. */
  respondToProduct(responder: Responder) {
    this.productResponder = responder;
  },
  get last(): RecordedRequest {
    const request = this.requests.at(-1);
    if (!request) throw new Error('no request reached the Connect API');
    return request;
  },
};

async function fakeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const signal = init?.signal ?? request.signal;
  const recorded: RecordedRequest = {
    url: request.url,
    method: request.method,
    headers: request.headers,
    body: await request.text(),
    signal,
  };
  const isLookup = recorded.method === 'GET';
  (isLookup ? connectApi.productRequests : connectApi.requests).push(recorded);
  if (signal.aborted) throw abortReason(signal);
  return new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => reject(abortReason(signal)), { once: true });
    Promise.resolve()
      .then(() => (isLookup ? connectApi.productResponder : connectApi.responder)(recorded))
      .then(resolve, reject);
  });
}

export function installConnectApi(): void {
  globalThis.fetch = fakeFetch;
}

export function uninstallConnectApi(): void {
  globalThis.fetch = realFetch;
}
