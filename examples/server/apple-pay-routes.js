// @ts-check
// The merchant's two Apple Pay endpoints: a Connect client session for the element, and the charge of the
// token the element hands the page. The browser learns only what it needs; Connect's answers stay here.
import { URL } from 'node:url';
import { logFailure, readJsonObject, sendJson } from './http-json.js';
import { STATUS_FAILURE, sheetStatusFor } from './charge-outcome.js';

export const SESSION_PATH = '/api/apple-pay/session';
export const CHARGE_PATH = '/api/apple-pay/charge';

/**
 * @typedef {{ amountOfMoney: { amount: number, currencyCode: string }, references?: { merchantReference?: string } }} Order
 *   Connect's `order` for a payment; the amount is in minor units (cents), decided by the server.
 * @typedef {object} ApplePayRoutesOptions
 * @property {ReturnType<typeof import('connect-sdk-nodejs').init>} client from `connectFromEnv`
 * @property {string} merchantId the Connect merchant id
 * @property {(orderId: string) => Order | undefined | Promise<Order | undefined>} findOrder
 *   The order the customer is paying, from the server's own records: never trust an amount the browser sends.
 * @property {'SALE' | 'FINAL_AUTHORIZATION' | 'PRE_AUTHORIZATION'} [authorizationMode]
 * @property {(message: string, details: unknown) => void} [log] defaults to console.error
 */

/**
 * A node:http request listener part: resolves to true when it answered the request, false when the path is
 * not one of its endpoints (so the caller can serve its other routes).
 * @param {ApplePayRoutesOptions} options
 */
export function createApplePayRoutes({
  client,
  merchantId,
  findOrder,
  authorizationMode = 'FINAL_AUTHORIZATION',
  log = console.error,
}) {
  /** @param {import('node:http').ServerResponse} res */
  async function createClientSession(res) {
    try {
      const response = await client.v1.sessions.create(merchantId, {});
      if (!response.isSuccess) {
        const errorId = logFailure(
          log,
          `Connect refused the client session: HTTP ${response.status}`,
          response.body,
        );
        return sendJson(res, 502, { error: 'client-session-unavailable', errorId });
      }
      const { clientSessionId, customerId, clientApiUrl, assetUrl } = response.body;
      return sendJson(res, 201, { clientSessionId, customerId, clientApiUrl, assetUrl });
    } catch (error) {
      const errorId = logFailure(log, 'Connect could not be reached for a client session', error);
      return sendJson(res, 502, { error: 'client-session-unavailable', errorId });
    }
  }

  /**
   * Answers an ApplePayPaymentAuthorizationResult (`{status}`), which the page passes to `complete()`.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function charge(req, res) {
    const body = await readJsonObject(req);
    const token = /** @type {ApplePayJS.ApplePayPaymentToken | undefined} */ (body?.token);
    const order = typeof body?.orderId === 'string' ? await findOrder(body.orderId) : undefined;
    if (!order || !token || typeof token !== 'object' || !token.paymentData) {
      return sendJson(res, 400, { status: STATUS_FAILURE, error: 'bad-request' });
    }
    let response;
    try {
      response = await client.v1.payments.create(
        merchantId,
        {
          order,
          mobilePaymentMethodSpecificInput: {
            paymentProductId: 302,
            // Connect decrypts the token: its paymentData object, as a JSON string.
            encryptedPaymentData: JSON.stringify(token.paymentData),
            authorizationMode,
          },
        },
        // Apple gives each authorisation a unique id: a retried request charges once.
        token.transactionIdentifier ? { idempotence: { key: token.transactionIdentifier } } : null,
      );
    } catch (error) {
      const errorId = logFailure(log, 'Connect could not be reached for a payment', error);
      return sendJson(res, 502, { status: STATUS_FAILURE, errorId });
    }
    if (response.isSuccess) {
      const status = sheetStatusFor(response.body);
      if (status !== STATUS_FAILURE)
        return sendJson(res, 201, { status, paymentId: response.body.payment?.id });
      const errorId = logFailure(
        log,
        `Connect payment not taken: ${response.body.payment?.status}`,
        response.body,
      );
      return sendJson(res, 402, { status, errorId });
    }
    // 402: the acquirer or Connect's fraud check declined; the customer may try another card.
    if (response.status === 402) {
      const errorId = logFailure(log, 'Connect declined the payment', response.body);
      return sendJson(res, 402, { status: STATUS_FAILURE, errorId });
    }
    const errorId = logFailure(
      log,
      `Connect refused the payment: HTTP ${response.status}`,
      response.body,
    );
    return sendJson(res, 502, { status: STATUS_FAILURE, errorId });
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  return async function applePayRoutes(req, res) {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== SESSION_PATH && path !== CHARGE_PATH) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return true;
    }
    await (path === SESSION_PATH ? createClientSession(res) : charge(req, res));
    return true;
  };
}
