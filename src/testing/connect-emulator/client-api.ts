// The Connect Client API the element calls: the product look-up and merchant validation
// (`{base}/client/v1/{customerId}/products/{id}[/sessions]`), checked the way Connect checks them and answering
// its real error shapes, with the fault of the calling client session applied.
import { findClientSession, type EmulatedClientSession } from './client-sessions.js';
import { connectError, json, readJson } from './responses.js';
import { merchantSession } from './merchant-session.js';

const NETWORKS = ['VISA', 'MASTERCARD', 'AMEX', 'DISCOVER'];
// Currencies the emulated merchant accepts with Apple Pay: any other gets a 404 from the product look-up.
const OFFERED_CURRENCIES = new Set(['EUR', 'USD', 'GBP', 'JPY', 'KWD', 'CHF']);
const PATH = /\/client\/v1\/([^/]+)\/products\/([^/]+)(\/sessions)?$/;

// The Client API is called from the merchant's page, another origin than Connect's.
const CORS = { 'Access-Control-Allow-Origin': '*' };

/** Resolves when the caller gives up (the element's validation-timeout aborts its fetch). */
const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));

async function createMerchantSession(
  request: Request,
  session: EmulatedClientSession,
): Promise<Response> {
  const { fault } = session;
  if (fault === 'hang') {
    await untilAborted(request.signal);
    return Response.error();
  }
  if (fault === 'drop') return Response.error(); // the connection closes without an answer
  if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, 3000));
  if (fault === '401') return connectError(401, '9002', 'MISSING_OR_INVALID_AUTHORIZATION');
  if (fault === '403') return connectError(403, '9007', 'ACCESS_TO_MERCHANT_NOT_ALLOWED');
  if (fault === '404-1426')
    return connectError(404, '1426', 'CREATE_SESSION_NOT_AVAILABLE_FOR_PRODUCT');
  if (fault === '500') return connectError(500, '9999', 'UNKNOWN_SERVER_ERROR');
  if (fault === 'non-json') {
    return new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', {
      status: 502,
      headers: { 'Content-Type': 'text/html' },
    });
  }
  const body = (await readJson(request)) as
    { paymentProductSession302SpecificInput?: Record<string, unknown> } | undefined;
  const input = body?.paymentProductSession302SpecificInput;
  for (const field of ['displayName', 'domainName', 'validationUrl']) {
    if (fault === '400' || typeof input?.[field] !== 'string' || !input[field]) {
      const propertyName = `paymentProductSession302SpecificInput.${fault === '400' ? 'domainName' : field}`;
      return connectError(400, '20000000', 'PARAMETER_NOT_FOUND_IN_REQUEST', propertyName);
    }
  }
  if (fault === 'no-session-object')
    return json(200, { paymentProductSession302SpecificOutput: {} });
  const sessionObject = JSON.stringify(
    merchantSession(String(input!.domainName), String(input!.displayName)),
  );
  return json(200, { paymentProductSession302SpecificOutput: { sessionObject } });
}

function getProduct(url: URL, productId: string): Response {
  const [countryCode, currencyCode, amount] = ['countryCode', 'currencyCode', 'amount'].map(
    (name) => url.searchParams.get(name),
  );
  if (!countryCode || !currencyCode || !amount || !/^\d+$/.test(amount)) {
    return connectError(400, '20000000', 'PARAMETER_NOT_FOUND_IN_REQUEST', 'amount');
  }
  if (productId !== '302' || !OFFERED_CURRENCIES.has(currencyCode)) {
    return connectError(404, '1007', 'UNKNOWN_PRODUCT_ID', 'productId');
  }
  return json(200, {
    id: 302,
    paymentMethod: 'mobile',
    paymentProductGroup: 'mobile',
    allowsRecurring: false,
    allowsTokenization: false,
    displayHints: {
      displayOrder: 0,
      label: 'Apple Pay',
      logo: 'templates/master/global/css/img/ppimages/pp_logo_302_v1.png',
    },
    fields: [],
    paymentProduct302SpecificData: { networks: NETWORKS },
  });
}

async function answer(request: Request, url: URL): Promise<Response> {
  const match = url.pathname.match(PATH);
  if (!match) return connectError(404, '1007', 'UNKNOWN_RESOURCE');
  const [, customerId, productId, isSession] = match;
  const authorization = request.headers.get('Authorization')?.match(/^GCS v1Client:(.+)$/);
  const session = authorization && findClientSession(authorization[1]!);
  if (!session) return connectError(401, '9002', 'MISSING_OR_INVALID_AUTHORIZATION');
  if (decodeURIComponent(customerId!) !== session.customerId) {
    return connectError(403, '9007', 'ACCESS_TO_MERCHANT_NOT_ALLOWED');
  }
  if (isSession && request.method === 'POST') {
    if (productId !== '302')
      return connectError(404, '1426', 'CREATE_SESSION_NOT_AVAILABLE_FOR_PRODUCT');
    return createMerchantSession(request, session);
  }
  if (!isSession && request.method === 'GET') return getProduct(url, productId!);
  return connectError(405, '1007', 'METHOD_NOT_ALLOWED');
}

/** Answers `…/client/v1/…`; anything else is not the Client API's (undefined). */
export async function clientApi(request: Request): Promise<Response | undefined> {
  const url = new URL(request.url);
  if (!url.pathname.includes('/client/v1/')) return undefined;
  if (request.method === 'OPTIONS') {
    return new Response(null, {
      status: 204,
      headers: {
        ...CORS,
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-GCS-ClientMetaInfo',
        'Access-Control-Max-Age': '600',
      },
    });
  }
  const response = await answer(request, url);
  if (response.type === 'error') return response;
  for (const [name, value] of Object.entries(CORS)) response.headers.set(name, value);
  return response;
}
