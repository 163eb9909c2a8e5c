// @ts-check
// Merchant validation with Apple directly: the merchant's server asks Apple's gateway for a merchant session,
// authenticated by the merchant identity certificate (mutual TLS), and hands the session object to the page.
// Only the server holds the certificate, so only the server can make this call.
/* global AbortController, AbortSignal */
import { URL } from 'node:url';
import { logFailure, postJson, readJsonObject, sendJson } from '../server/http-json.js';

export const VALIDATE_PATH = '/api/apple-pay/validate';

// Apple's Apple Pay gateways (production, sandbox "-cert", China, and the legacy pods). Safari's validationURL
// is on one of them; anything else is a forged `validatemerchant` trying to get the certificate sent elsewhere.
const APPLE_GATEWAY =
  /^(?:apple-pay-gateway(?:-cert|-(?:nc|pr)-pod[1-5])?|cn-apple-pay-gateway(?:-cert|-(?:sh|tj)-pod[1-3])?)\.apple\.com$/;

/**
 * True for an `https:` URL on an Apple Pay gateway host, default port, no credentials.
 * @param {unknown} validationURL
 */
export function isAppleGatewayUrl(validationURL) {
  if (typeof validationURL !== 'string') return false;
  try {
    const url = new URL(validationURL);
    return (
      url.protocol === 'https:' && !url.port && !url.username && APPLE_GATEWAY.test(url.hostname)
    );
  } catch {
    return false;
  }
}

/**
 * @typedef {object} MerchantValidationOptions
 * @property {string} merchantIdentifier your Apple merchant id, e.g. `merchant.com.example.shop`
 * @property {string} displayName the name on the sheet (at most 64 characters)
 * @property {string} domainName the domain registered with Apple where the button is shown: from your
 *   configuration, not from the browser
 * @property {string | Buffer} cert the merchant identity certificate (PEM)
 * @property {string | Buffer} key its private key (PEM)
 * @property {string | Buffer} [ca] CA certificates to trust instead of Node's; only tests need it
 * @property {string} [testOnlyGatewayOrigin] tests only: accept validation URLs on this one origin
 *   (e.g. `https://localhost:8443`) instead of Apple's gateways
 * @property {number} [timeoutMs] default 15000; the element's own validation timeout is 20 s
 * @property {(message: string, details: unknown) => void} [log] defaults to console.error
 */

/**
 * A node:http route for `POST /api/apple-pay/validate` with `{validationURL}`: answers Apple's merchant
 * session object, which the page's `merchantValidator` resolves to. Resolves to false for other paths.
 * @param {MerchantValidationOptions} options
 */
export function createMerchantValidationRoute({
  merchantIdentifier,
  displayName,
  domainName,
  cert,
  key,
  ca,
  testOnlyGatewayOrigin,
  timeoutMs = 15_000,
  log = console.error,
}) {
  /** @param {unknown} validationURL */
  const isAllowed = (validationURL) =>
    testOnlyGatewayOrigin === undefined
      ? isAppleGatewayUrl(validationURL)
      : typeof validationURL === 'string' &&
        URL.canParse(validationURL) &&
        new URL(validationURL).origin === testOnlyGatewayOrigin;

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  return async function merchantValidationRoute(req, res) {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== VALIDATE_PATH) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return true;
    }
    const validationURL = (await readJsonObject(req))?.validationURL;
    if (!isAllowed(validationURL)) {
      sendJson(res, 400, { error: 'bad-validation-url' });
      return true;
    }
    // The shopper may close the sheet: stop waiting for Apple then, and after the timeout in any case.
    const abandoned = new AbortController();
    res.on('close', () => abandoned.abort());
    const signal = AbortSignal.any([abandoned.signal, AbortSignal.timeout(timeoutMs)]);
    try {
      const apple = await postJson(
        new URL(/** @type {string} */ (validationURL)),
        { merchantIdentifier, displayName, initiative: 'web', initiativeContext: domainName },
        { signal, tls: { cert, key, ca } },
      );
      const session = apple.body;
      if (
        apple.status === 200 &&
        session &&
        typeof session === 'object' &&
        !Array.isArray(session)
      ) {
        sendJson(res, 200, session);
      } else {
        const errorId = logFailure(
          log,
          `Apple refused merchant validation: HTTP ${apple.status}`,
          apple.body,
        );
        sendJson(res, 502, { error: 'merchant-validation-failed', errorId });
      }
    } catch (error) {
      const errorId = logFailure(log, 'Apple could not be reached for merchant validation', error);
      if (!res.writableEnded) sendJson(res, 502, { error: 'merchant-validation-failed', errorId });
    }
    return true;
  };
}
