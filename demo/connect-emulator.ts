// The Connect platform for the demo, inside the Vite dev server: the merchant's server (creating a client
// session, charging a token) and the Connect Client API that the element calls, checked the way Connect checks
// them and answering its real error shapes. With CONNECT_* set, client sessions come from the real Connect
// Server API (connect-sdk-nodejs) instead, and the element talks to the real Client API.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/** The fault switches of the demo page, applied to `POST …/products/302/sessions`. */
export const FAULTS = [
  'none',
  '400',
  '401',
  '403',
  '404-1426',
  '500',
  'non-json',
  'no-session-object',
  'slow',
  'hang',
  'drop',
] as const;
export type Fault = (typeof FAULTS)[number];

interface ClientSession {
  clientSessionId: string;
  customerId: string;
  fault: Fault;
}

const NETWORKS = ['VISA', 'MASTERCARD', 'AMEX', 'DISCOVER'];
// Currencies the emulated merchant accepts with Apple Pay: any other gets a 404 from the product look-up.
const OFFERED_CURRENCIES = new Set(['EUR', 'USD', 'GBP', 'JPY', 'KWD', 'CHF']);

const sessions = new Map<string, ClientSession>();

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Connect's ErrorResponse. */
function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  id: string,
  propertyName?: string,
) {
  send(res, status, {
    errorId: `${randomUUID()}-${String(Date.now() % 100000).padStart(8, '0')}`,
    errors: [
      {
        category: status >= 500 ? 'IO_ERROR' : 'CONNECT_PLATFORM_ERROR',
        code,
        httpStatusCode: status,
        id,
        message: id,
        ...(propertyName && { propertyName }),
        requestId: String(Math.floor(Math.random() * 1e6)),
      },
    ],
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An Apple merchant session as Apple's gateway shapes it (signed by nobody: this is an emulator). */
function merchantSession(domainName: string, displayName: string) {
  const now = Date.now();
  return {
    epochTimestamp: now,
    expiresAt: now + 60 * 60 * 1000,
    merchantSessionIdentifier: `SSH${randomBytes(16).toString('hex').toUpperCase()}`,
    nonce: randomBytes(4).toString('hex'),
    merchantIdentifier: randomBytes(32).toString('hex').toUpperCase(),
    domainName,
    displayName,
    signature: randomBytes(48).toString('base64'),
    operationalAnalyticsIdentifier: `${displayName}:${randomBytes(32).toString('hex').toUpperCase()}`,
    retries: 0,
    pspId: randomBytes(32).toString('hex').toUpperCase(),
  };
}

async function createMerchantSession(
  req: IncomingMessage,
  res: ServerResponse,
  session: ClientSession,
) {
  const { fault } = session;
  if (fault === 'hang') return; // never answers; the element's validation-timeout ends it
  if (fault === 'drop') return req.socket.destroy();
  if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, 3000));
  if (fault === '401') return sendError(res, 401, '9002', 'MISSING_OR_INVALID_AUTHORIZATION');
  if (fault === '403') return sendError(res, 403, '9007', 'ACCESS_TO_MERCHANT_NOT_ALLOWED');
  if (fault === '404-1426')
    return sendError(res, 404, '1426', 'CREATE_SESSION_NOT_AVAILABLE_FOR_PRODUCT');
  if (fault === '500') return sendError(res, 500, '9999', 'UNKNOWN_SERVER_ERROR');
  if (fault === 'non-json') {
    res.writeHead(502, { 'Content-Type': 'text/html' });
    return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
  }
  const body = (await readJson(req)) as
    { paymentProductSession302SpecificInput?: Record<string, unknown> } | undefined;
  const input = body?.paymentProductSession302SpecificInput;
  for (const field of ['displayName', 'domainName', 'validationUrl']) {
    if (fault === '400' || typeof input?.[field] !== 'string' || !input[field]) {
      const propertyName = `paymentProductSession302SpecificInput.${fault === '400' ? 'domainName' : field}`;
      return sendError(res, 400, '20000000', 'PARAMETER_NOT_FOUND_IN_REQUEST', propertyName);
    }
  }
  if (fault === 'no-session-object')
    return send(res, 200, { paymentProductSession302SpecificOutput: {} });
  const sessionObject = JSON.stringify(
    merchantSession(String(input!.domainName), String(input!.displayName)),
  );
  send(res, 200, { paymentProductSession302SpecificOutput: { sessionObject } });
}

function getProduct(url: URL, res: ServerResponse, productId: string) {
  const [countryCode, currencyCode, amount] = ['countryCode', 'currencyCode', 'amount'].map(
    (name) => url.searchParams.get(name),
  );
  if (!countryCode || !currencyCode || !amount || !/^\d+$/.test(amount)) {
    return sendError(res, 400, '20000000', 'PARAMETER_NOT_FOUND_IN_REQUEST', 'amount');
  }
  if (productId !== '302' || !OFFERED_CURRENCIES.has(currencyCode)) {
    return sendError(res, 404, '1007', 'UNKNOWN_PRODUCT_ID', 'productId');
  }
  send(res, 200, {
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

/** The Client API: `{base}/client/v1/{customerId}/products/{id}[/sessions]`. */
async function clientApi(req: IncomingMessage, res: ServerResponse, url: URL) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, POST',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-GCS-ClientMetaInfo',
      'Access-Control-Max-Age': '600',
    });
    return res.end();
  }
  const match = url.pathname.match(/^\/client\/v1\/([^/]+)\/products\/([^/]+)(\/sessions)?$/);
  if (!match) return sendError(res, 404, '1007', 'UNKNOWN_RESOURCE');
  const [, customerId, productId, isSession] = match;
  const authorization = req.headers.authorization?.match(/^GCS v1Client:(.+)$/);
  const session = authorization && sessions.get(authorization[1]!);
  if (!session) return sendError(res, 401, '9002', 'MISSING_OR_INVALID_AUTHORIZATION');
  if (decodeURIComponent(customerId!) !== session.customerId) {
    return sendError(res, 403, '9007', 'ACCESS_TO_MERCHANT_NOT_ALLOWED');
  }
  if (isSession && req.method === 'POST') {
    if (productId !== '302')
      return sendError(res, 404, '1426', 'CREATE_SESSION_NOT_AVAILABLE_FOR_PRODUCT');
    return createMerchantSession(req, res, session);
  }
  if (!isSession && req.method === 'GET') return getProduct(url, res, productId!);
  sendError(res, 405, '1007', 'METHOD_NOT_ALLOWED');
}

/** Real mode: the four CONNECT_* variables, or undefined for the emulator. */
function realConnect() {
  const { CONNECT_API_KEY_ID, CONNECT_SECRET_API_KEY, CONNECT_MERCHANT_ID, CONNECT_API_ENDPOINT } =
    process.env;
  if (
    !CONNECT_API_KEY_ID ||
    !CONNECT_SECRET_API_KEY ||
    !CONNECT_MERCHANT_ID ||
    !CONNECT_API_ENDPOINT
  )
    return;
  return {
    apiKeyId: CONNECT_API_KEY_ID,
    secretApiKey: CONNECT_SECRET_API_KEY,
    merchantId: CONNECT_MERCHANT_ID,
    endpoint: new URL(CONNECT_API_ENDPOINT),
  };
}

/** The merchant's server: a client session for this checkout, from Connect's Server API or the emulator. */
async function createClientSession(res: ServerResponse, origin: string) {
  const real = realConnect();
  if (real) {
    const connectSdk = await import('connect-sdk-nodejs');
    const client = connectSdk.init({
      host: real.endpoint.hostname,
      scheme: real.endpoint.protocol === 'http:' ? 'http' : 'https',
      port: Number(real.endpoint.port) || (real.endpoint.protocol === 'http:' ? 80 : 443),
      apiKeyId: real.apiKeyId,
      secretApiKey: real.secretApiKey,
      integrator: 'apple-pay-session-button demo',
    });
    const response = await client.v1.sessions.create(real.merchantId, {});
    return send(
      res,
      response.isSuccess ? 201 : 502,
      response.isSuccess
        ? { ...response.body, mode: 'connect' }
        : { error: 'Connect refused the client session' },
    );
  }
  const session: ClientSession = {
    clientSessionId: randomBytes(16).toString('hex'),
    customerId: `9991-${randomBytes(8).toString('hex')}`,
    fault: 'none',
  };
  sessions.set(session.clientSessionId, session);
  send(res, 201, {
    clientSessionId: session.clientSessionId,
    customerId: session.customerId,
    clientApiUrl: `${origin}/client/v1`,
    assetUrl: `${origin}/assets/`,
    invalidTokens: [],
    region: 'EU',
    mode: 'emulator',
  });
}

/** The merchant's server, as the demo needs it: client session, fault switch, and a charge that declines card numbers ending 0002. */
async function merchantApi(req: IncomingMessage, res: ServerResponse, url: URL) {
  if (url.pathname === '/merchant/client-session' && req.method === 'POST') {
    return createClientSession(res, `http://${req.headers.host}`);
  }
  if (url.pathname === '/merchant/fault' && req.method === 'POST') {
    const { clientSessionId, fault } = ((await readJson(req)) ?? {}) as {
      clientSessionId?: string;
      fault?: Fault;
    };
    const session = clientSessionId && sessions.get(clientSessionId);
    if (!session || !FAULTS.includes(fault!))
      return send(res, 400, { error: 'unknown session or fault' });
    session.fault = fault!;
    return send(res, 200, { fault });
  }
  if (url.pathname === '/merchant/charge' && req.method === 'POST') {
    const { token } = ((await readJson(req)) ?? {}) as {
      token?: { paymentMethod?: { displayName?: string } };
    };
    await new Promise((resolve) => setTimeout(resolve, 400)); // the acquirer takes a moment
    const declined = token?.paymentMethod?.displayName?.endsWith('0002');
    return send(
      res,
      declined ? 402 : 201,
      declined ? { status: 'REJECTED' } : { status: 'CAPTURED', paymentId: randomUUID() },
    );
  }
  send(res, 404, { error: 'not found' });
}

/** Answers the Client API and the merchant's endpoints; calls `next` for anything else. */
export function handleConnect(
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
  onError = console.error,
) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const handle = url.pathname.startsWith('/client/v1/')
    ? clientApi
    : url.pathname.startsWith('/merchant/')
      ? merchantApi
      : undefined;
  if (!handle) return next();
  handle(req, res, url).catch((error: unknown) => {
    onError(`connect-emulator: ${(error as Error).message}`);
    if (!res.headersSent) sendError(res, 500, '9999', 'UNKNOWN_SERVER_ERROR');
  });
}

export function connectEmulator(): Plugin {
  return {
    name: 'connect-emulator',
    configureServer(server) {
      server.middlewares.use((req, res, next) =>
        handleConnect(req, res, next, (message) => server.config.logger.error(message)),
      );
    },
  };
}
