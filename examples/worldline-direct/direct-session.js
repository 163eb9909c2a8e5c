// @ts-check
// Merchant validation through Worldline Direct (Online Payments): the merchant's server asks Direct's Server
// API for an Apple Pay session — `POST /v2/{merchantId}/products/302/sessions` — and hands the merchant
// session object to the page. Direct holds the Apple merchant identity certificate, so the merchant needs none.
//
// onlinepayments-sdk-nodejs 6.2.0 (the newest on npm) has no method for this call yet (its source repository
// adds `products.createPaymentProductSession`), so the route sends the request itself, signed by the SDK's own
// authenticator: `Authorization: GCS v1HMAC:{apiKeyId}:{signature}` over the method, content type, Date and
// path, as Direct documents it. With a newer SDK, the call is
// `client.products.createPaymentProductSession(merchantId, 302, body)`.
/* global AbortController, AbortSignal */
import { URL } from 'node:url';
import onlinePayments from 'onlinepayments-sdk-nodejs';
import { logFailure, postJson, readJsonObject, sendJson } from '../server/http-json.js';

export const VALIDATE_PATH = '/api/apple-pay/validate';

const REQUIRED = [
  'DIRECT_API_KEY_ID',
  'DIRECT_SECRET_API_KEY',
  'DIRECT_MERCHANT_ID',
  'DIRECT_API_ENDPOINT',
];

/**
 * Direct's client from the environment. `DIRECT_API_ENDPOINT` is the Server API's base URL, e.g.
 * `https://payment.preprod.direct.worldline-solutions.com`; `DIRECT_MERCHANT_ID` is your PSPID.
 * @param {Record<string, string | undefined>} env
 * @param {string} [integrator] your company or shop name
 */
export function directFromEnv(env, integrator = 'apple-pay-session-button example') {
  const absent = REQUIRED.filter((name) => !env[name]);
  if (absent.length) throw new Error(`Set ${absent.join(', ')} to reach Worldline Direct`);
  const endpoint = new URL(/** @type {string} */ (env.DIRECT_API_ENDPOINT));
  const scheme = endpoint.protocol === 'http:' ? 'http' : 'https';
  return {
    merchantId: /** @type {string} */ (env.DIRECT_MERCHANT_ID),
    client: onlinePayments.init({
      host: endpoint.hostname,
      scheme,
      port: Number(endpoint.port) || (scheme === 'http' ? 80 : 443),
      apiKeyId: /** @type {string} */ (env.DIRECT_API_KEY_ID),
      secretApiKey: /** @type {string} */ (env.DIRECT_SECRET_API_KEY),
      integrator,
    }),
  };
}

/**
 * @typedef {object} DirectSessionOptions
 * @property {import('onlinepayments-sdk-nodejs').Client} client from `directFromEnv`
 * @property {string} merchantId your Direct PSPID
 * @property {string} displayName the name on the sheet (at most 64 characters)
 * @property {string} domainName the domain registered for Apple Pay where the button is shown: from your
 *   configuration, not from the browser
 * @property {number} [timeoutMs] default 15000; the element's own validation timeout is 20 s
 * @property {(message: string, details: unknown) => void} [log] defaults to console.error
 */

/**
 * A node:http route for `POST /api/apple-pay/validate`: answers the Apple merchant session object that
 * Direct created, which the page's `merchantValidator` resolves to. Resolves to false for other paths.
 * Direct picks Apple's gateway itself: the page's validationURL is not part of its request.
 * @param {DirectSessionOptions} options
 */
export function createDirectSessionRoute({
  client,
  merchantId,
  displayName,
  domainName,
  timeoutMs = 15_000,
  log = console.error,
}) {
  const path = `/v2/${merchantId}/products/302/sessions`;
  const { scheme, host, port } = client.context.getEndpoint();
  const url = new URL(path, `${scheme}://${host}:${port}`);

  async function createSession(/** @type {AbortSignal} */ signal) {
    const date = new Date().toUTCString();
    const authorization = await client.context
      .getAuthenticator()
      .getAuthorization('POST', 'application/json', date, [], path);
    return postJson(
      url,
      { paymentProductSession302SpecificInput: { displayName, domainName } },
      { signal, headers: { Date: date, Authorization: authorization } },
    );
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  return async function directSessionRoute(req, res) {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== VALIDATE_PATH) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return true;
    }
    await readJsonObject(req); // drained; nothing in it is needed
    const abandoned = new AbortController();
    res.on('close', () => abandoned.abort());
    try {
      const direct = await createSession(
        AbortSignal.any([abandoned.signal, AbortSignal.timeout(timeoutMs)]),
      );
      const session = sessionObject(direct);
      if (session) {
        sendJson(res, 200, session);
      } else {
        const errorId = logFailure(
          log,
          `Direct refused the Apple Pay session: HTTP ${direct.status}`,
          direct.body,
        );
        sendJson(res, 502, { error: 'merchant-validation-failed', errorId });
      }
    } catch (error) {
      const errorId = logFailure(
        log,
        'Direct could not be reached for an Apple Pay session',
        error,
      );
      if (!res.writableEnded) sendJson(res, 502, { error: 'merchant-validation-failed', errorId });
    }
    return true;
  };
}

/**
 * The merchant session in Direct's PaymentProductSessionResponse: a JSON string in
 * `paymentProductSession302SpecificOutput.session`, parsed; undefined for anything else.
 * @param {{ status: number, body: unknown }} direct
 * @returns {object | undefined}
 */
function sessionObject({ status, body }) {
  if (status < 200 || status > 299) return undefined;
  const session =
    /** @type {{ paymentProductSession302SpecificOutput?: { session?: unknown } } | undefined} */ (
      body
    )?.paymentProductSession302SpecificOutput?.session;
  if (typeof session !== 'string') return undefined;
  try {
    const parsed = JSON.parse(session);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
