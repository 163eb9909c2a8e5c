// The Connect Client API, as far as Apple Pay needs it. No DOM; only the meta info's defaults read the window.
import { abortReason } from './deadline.js';
import { ApplePaySessionButtonError, configurationError, type ConnectApiError } from './errors.js';

/** A Connect client session: the Server API's `POST /v1/{merchantId}/sessions` answer. */
export interface ClientSession {
  clientSessionId: string;
  customerId: string;
  clientApiUrl: string;
  assetUrl?: string;
}

/** What `paymentProductSession302SpecificInput` carries. */
export interface MerchantSessionInput {
  displayName: string;
  domainName: string;
  validationUrl: string;
}

export interface RequestOptions {
  /** `X-GCS-ClientMetaInfo`, from {@link clientMetaInfo}. */
  metaInfo: string;
  /** Cancels the request (the caller's deadline too: see deadline.ts); its reason is what the Promise rejects with. */
  signal: AbortSignal;
}

const API_PATH = '/client/v1';
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * The Client API base URL, normalised as connect-sdk-client-js does: an empty path gets `/client/v1`,
 * `/client` gets `/v1`, `/client/v1` is kept; anything else, or plain `http:` off localhost, is refused.
 */
export function clientApiBaseUrl(clientApiUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(clientApiUrl);
  } catch {
    // not an absolute URL: refused below
  }
  const path = url?.pathname.replace(/\/+$/, '');
  if (
    !url ||
    (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) ||
    (path && path !== '/client' && path !== API_PATH)
  ) {
    throw configurationError(`client-api-url must be https://…${API_PATH} (http on localhost)`);
  }
  return url.origin + API_PATH;
}

/** The client session, checked as far as can be without calling Connect; a configuration error otherwise. */
export function checkClientSession(
  session: Partial<ClientSession> | null | undefined,
): ClientSession {
  if (!session?.clientSessionId) throw configurationError('client-session-id is required');
  if (!session.customerId) throw configurationError('customer-id is required');
  if (!session.clientApiUrl) throw configurationError('client-api-url is required');
  clientApiBaseUrl(session.clientApiUrl);
  return session as ClientSession;
}

/** `X-GCS-ClientMetaInfo` as the reference client computes it, naming this package as the SDK. */
export function clientMetaInfo(
  width = innerWidth,
  height = innerHeight,
  userAgent = navigator.userAgent,
): string {
  const json = JSON.stringify({
    screenSize: `${width}x${height}`,
    platformIdentifier: userAgent,
    sdkIdentifier: `ApplePaySessionButton/${__VERSION__}`,
    sdkCreator: 'apple-pay-session-button',
  });
  // btoa takes Latin-1 only; encoding UTF-8 first keeps an exotic user agent from throwing.
  return btoa(String.fromCharCode(...new TextEncoder().encode(json)));
}

/** The query of `GET …/products/{id}`, as the reference client's `getPaymentProduct` sends it. */
export interface PaymentContext {
  countryCode: string;
  currencyCode: string;
  /** In minor units. */
  amount: number;
  locale?: string;
}

/**
 * `POST {clientApiUrl}/{customerId}/products/{paymentProductId}/sessions`: a fresh Apple merchant session,
 * parsed, ready for `completeMerchantValidation`. Rejects with an {@link ApplePaySessionButtonError}, or with
 * the signal's reason (an AbortError where it has none) when the caller cancelled.
 */
export async function createMerchantSession(
  session: ClientSession,
  paymentProductId: number,
  input: MerchantSessionInput,
  options: RequestOptions,
): Promise<object> {
  const { status, body } = await call(
    session,
    `products/${encodeURIComponent(paymentProductId)}/sessions`,
    { method: 'POST', body: JSON.stringify({ paymentProductSession302SpecificInput: input }) },
    options,
  );
  const sessionObject = (
    body as { paymentProductSession302SpecificOutput?: { sessionObject?: unknown } }
  )?.paymentProductSession302SpecificOutput?.sessionObject;
  const merchantSession = typeof sessionObject === 'string' ? parseJson(sessionObject) : undefined;
  if (!isObject(merchantSession)) {
    throw new ApplePaySessionButtonError('invalid-response', 'No merchant session', {
      status,
    });
  }
  return merchantSession;
}

/**
 * `GET {clientApiUrl}/{customerId}/products/{paymentProductId}`: the payment product if Connect offers it in
 * this context; `undefined` for a 404 (not offered). Other failures reject as {@link createMerchantSession} does.
 */
export async function getPaymentProduct(
  session: ClientSession,
  paymentProductId: number,
  { countryCode, currencyCode, amount, locale }: PaymentContext,
  options: RequestOptions,
): Promise<{ paymentProduct302SpecificData?: { networks?: unknown } } | undefined> {
  const query = new URLSearchParams({
    countryCode,
    isRecurring: 'false',
    amount: String(amount),
    currencyCode,
  });
  if (locale) query.set('locale', locale);
  try {
    const { body } = await call(
      session,
      `products/${encodeURIComponent(paymentProductId)}?${query}`,
      {},
      options,
    );
    if (isObject(body)) return body;
    throw new ApplePaySessionButtonError('invalid-response', 'No payment product');
  } catch (error) {
    if ((error as ApplePaySessionButtonError).status === 404) return undefined;
    throw error;
  }
}

/**
 * One Client API call with our headers; a non-2xx answer rejects as a parsed `ErrorResponse`. The body is read
 * under the same signal: a server that answers headers and then drips the body is as late as one that never answers.
 */
async function call(
  session: ClientSession,
  path: string,
  init: RequestInit,
  { metaInfo, signal }: RequestOptions,
): Promise<{ status: number; body: unknown }> {
  const url = `${clientApiBaseUrl(session.clientApiUrl)}/${encodeURIComponent(session.customerId)}/${path}`;
  let status: number;
  let text: string;
  try {
    if (signal.aborted) throw abortReason(signal); // not throwIfAborted(): Safari 15.4+
    const response = await fetch(url, {
      ...init,
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        Authorization: `GCS v1Client:${session.clientSessionId}`,
        'X-GCS-ClientMetaInfo': metaInfo,
      },
      cache: 'no-store',
      signal,
    });
    status = response.status;
    text = await response.text();
  } catch (cause) {
    if (signal.aborted) throw abortReason(signal);
    throw new ApplePaySessionButtonError('network', 'Connect could not be reached', {
      cause,
    });
  }
  const body = parseJson(text);
  if (status < 200 || status > 299) throw errorResponse(status, body);
  return { status, body };
}

/** A Connect `ErrorResponse` as an error whose message never repeats the API's own message. */
function errorResponse(status: number, body: unknown): ApplePaySessionButtonError {
  const { errorId, errors } = (isObject(body) ? body : {}) as {
    errorId?: unknown;
    errors?: unknown;
  };
  const apiErrors = Array.isArray(errors) ? (errors.filter(isObject) as ConnectApiError[]) : [];
  const first = apiErrors.find((error) => error.code != null);
  if (!first) {
    return new ApplePaySessionButtonError('invalid-response', `HTTP ${status}, no error response`, {
      status,
    });
  }
  const code = String(first.code);
  return new ApplePaySessionButtonError(
    code,
    `Connect refused: HTTP ${status}, error code ${code}` +
      (first.propertyName ? ` at ${first.propertyName}` : ''),
    { status, errorId: typeof errorId === 'string' ? errorId : undefined, errors: apiErrors },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
