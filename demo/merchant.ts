// The demo store's own server, as web-standard handlers: it creates the checkout's client session, lets the page
// flip the emulator's fault switch, and records each checkout's order (its amount in minor units, the order book
// of apple-pay-session-button/server). The dev server charges through that package's routes; the static demo,
// which has no server, simulates the charge here (declining cards whose name ends 0002). The dev server runs
// these handlers in Node, the static demo in the page through a service worker: one implementation.
import {
  createClientSession,
  isFault,
  setFault,
  type RequestHandler,
} from '../src/testing/connect-emulator/index.js';

const json = (status: number, body: unknown) => Response.json(body, { status });

/**
 * `realClientSession`, when given, makes the client session with the real Connect Server API (the dev server
 * with CONNECT_* set); otherwise the emulator makes it.
 */
// The endpoint names the README and the examples use; the fault switch is the demo's own.
const ROUTES = new Set([
  '/api/apple-pay/session',
  '/api/apple-pay/charge',
  '/api/demo/fault',
  '/api/demo/orders',
]);

/** The demo's order book: what each checkout's order costs, in minor units. */
export const demoOrders = new Map<string, { amount: number; currencyCode: string }>();

/** `simulateCharges`: the static demo's charge, made up here (the dev server charges through the real routes). */
export function demoMerchant(
  realClientSession?: () => Promise<Response>,
  { simulateCharges = true } = {},
): RequestHandler {
  return async (request) => {
    const url = new URL(request.url);
    if (request.method !== 'POST' || !ROUTES.has(url.pathname)) return undefined;
    if (url.pathname === '/api/apple-pay/charge' && !simulateCharges) return undefined;
    const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
    switch (url.pathname) {
      case '/api/apple-pay/session':
        return realClientSession
          ? realClientSession()
          : json(201, { ...createClientSession(url.origin), mode: 'emulator' });
      case '/api/demo/fault': {
        const { clientSessionId, fault } = body;
        return isFault(fault) &&
          typeof clientSessionId === 'string' &&
          setFault(fault, clientSessionId)
          ? json(200, { fault })
          : json(400, { error: 'unknown session or fault' });
      }
      case '/api/demo/orders': {
        const { amount, currencyCode } = body;
        const minor = Number(String(amount).replace('.', ''));
        if (!Number.isSafeInteger(minor) || minor <= 0 || typeof currencyCode !== 'string')
          return json(400, { error: 'amount and currencyCode' });
        const orderId = `demo-${crypto.randomUUID().slice(0, 8)}`;
        demoOrders.set(orderId, { amount: minor, currencyCode });
        return json(201, { orderId });
      }
      case '/api/apple-pay/charge': {
        const token = body.token as { paymentMethod?: { displayName?: string } } | undefined;
        await new Promise((resolve) => setTimeout(resolve, 400)); // the acquirer takes a moment
        return token?.paymentMethod?.displayName?.endsWith('0002')
          ? json(402, { status: 1, orderState: 'open' })
          : json(200, { status: 0, orderState: 'paid', paymentId: crypto.randomUUID() });
      }
    }
    return json(404, { error: 'not found' });
  };
}
