// The routes a checkout needs, as a web-standard handler: `POST {base}/session`, `POST {base}/charge`,
// `GET {base}/orders/{orderId}` and `POST {base}/webhooks`. Everything Connect says stays in the log under an
// errorId; the browser gets the outcome and that id.
import type { ConnectGateway } from './connect.js';
import { HttpError, isAllowedOrigin, json, readJsonObject } from './http.js';
import { newErrorId, summarise, type Logger } from './log.js';
import type { OrderAmount, Orders } from './orders.js';

/** Unmarshals a Connect webhook: checks its signature (X-GCS-Signature, X-GCS-KeyId) and returns the event. */
export type WebhookReader = (
  body: string,
  headers: Record<string, string>,
) => Promise<{ type?: unknown; payment?: unknown }>;

export interface RoutesOptions {
  basePath: string;
  allowedOrigins: ReadonlySet<string>;
  orderBook: (orderId: string) => OrderAmount | undefined | Promise<OrderAmount | undefined>;
  orders: Orders;
  gateway: ConnectGateway;
  log: Logger;
  /** Absent when no webhook keys are configured: the webhooks route then answers 404. */
  readWebhook?: WebhookReader;
}

/** Order ids this server charges: they become part of Connect's merchantReference and idempotence key. */
const ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,39}$/;

/** The four routes under `basePath`; anything else resolves to undefined. */
export function createRoutes(options: RoutesOptions) {
  const { basePath, allowedOrigins, orders, gateway, log } = options;
  const base = basePath.replace(/\/+$/, '');

  /** The order book's order, checked: a wrong amount in the book must never reach Connect. */
  async function orderFor(orderId: unknown): Promise<OrderAmount> {
    if (typeof orderId !== 'string' || !ORDER_ID.test(orderId))
      throw new HttpError(404, 'unknown-order');
    const order = await options.orderBook(orderId);
    if (!order) throw new HttpError(404, 'unknown-order');
    if (
      !Number.isSafeInteger(order.amount) ||
      order.amount <= 0 ||
      !/^[A-Z]{3}$/.test(order.currencyCode)
    ) {
      const errorId = newErrorId();
      log({
        level: 'error',
        event: 'order-book.invalid',
        errorId,
        orderId,
        detail: 'amount must be a positive integer in minor units, currencyCode ISO 4217',
      });
      throw new HttpError(500, 'server-error', errorId);
    }
    return { amount: order.amount, currencyCode: order.currencyCode };
  }

  async function session(request: Request): Promise<Response> {
    await readJsonObject(request, true);
    const answer = await gateway.createSession();
    if (answer.kind === 'answer' && answer.status === 201) {
      const { clientSessionId, customerId, clientApiUrl, assetUrl } = answer.body as Record<
        string,
        unknown
      >;
      return json(201, { clientSessionId, customerId, clientApiUrl, assetUrl });
    }
    const errorId = newErrorId();
    log({ level: 'error', event: 'session.failed', errorId, connect: summarise(answer) });
    return json(502, { error: 'client-session-unavailable', errorId });
  }

  async function charge(request: Request): Promise<Response> {
    const { value: body = {} } = await readJsonObject(request);
    const order = await orderFor(body.orderId);
    const token = body.token as { paymentData?: unknown } | undefined;
    if (
      !token ||
      typeof token !== 'object' ||
      !token.paymentData ||
      typeof token.paymentData !== 'object'
    )
      throw new HttpError(400, 'no-token');
    const result = await orders.charge(String(body.orderId), order, token.paymentData);
    const { declined, ...answer } = result;
    const status =
      result.orderState === 'paid'
        ? 200
        : result.orderState === 'charging'
          ? 202
          : declined
            ? 402
            : 502;
    return json(status, answer);
  }

  async function order(orderId: string): Promise<Response> {
    await orderFor(orderId);
    return json(200, await orders.status(orderId));
  }

  async function webhook(request: Request, readWebhook: WebhookReader): Promise<Response> {
    // Connect checks a new endpoint with a GET that wants this header's value back.
    const verification = request.headers.get('x-gcs-webhooks-endpoint-verification');
    if (request.method === 'GET' && verification)
      return new Response(verification, { headers: { 'Content-Type': 'text/plain' } });
    if (request.method !== 'POST') throw new HttpError(405, 'method-not-allowed');
    const { text } = await readJsonObject(request);
    let event: { type?: unknown; payment?: unknown };
    try {
      event = await readWebhook(text, Object.fromEntries(request.headers));
    } catch {
      log({ level: 'warn', event: 'webhook.refused', detail: 'signature not valid' });
      throw new HttpError(401, 'bad-signature');
    }
    if (event.payment) {
      const applied = await orders.applyPayment(event.payment);
      if (applied?.applied)
        log({
          level: 'info',
          event: 'webhook.applied',
          orderId: applied.orderId,
          detail: String(event.type),
        });
    }
    return json(200, { received: true });
  }

  async function route(request: Request, path: string): Promise<Response> {
    const method = request.method;
    const only = (allowed: string) => {
      if (method !== allowed) throw new HttpError(405, 'method-not-allowed');
    };
    if (path === '/session') return (only('POST'), session(request));
    if (path === '/charge') return (only('POST'), charge(request));
    if (path === '/webhooks' && options.readWebhook) return webhook(request, options.readWebhook);
    const orderId = path.match(/^\/orders\/([^/]+)$/)?.[1];
    if (orderId !== undefined) return (only('GET'), order(decodeURIComponent(orderId)));
    throw new HttpError(404, 'not-found');
  }

  return async function handle(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url);
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return undefined;
    const origin = request.headers.get('origin');
    const allowed = origin === null || isAllowedOrigin(origin, url, allowedOrigins);
    const cors: Record<string, string> =
      origin && allowed && origin !== url.origin
        ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' }
        : {};
    if (!allowed) return json(403, { error: 'origin-not-allowed' });
    if (request.method === 'OPTIONS')
      return new Response(null, {
        status: 204,
        headers: {
          ...cors,
          'Access-Control-Allow-Methods': 'GET, POST',
          'Access-Control-Allow-Headers': 'Content-Type',
          'Access-Control-Max-Age': '600',
        },
      });
    let response: Response;
    try {
      response = await route(request, url.pathname.slice(base.length));
    } catch (error) {
      if (error instanceof HttpError) {
        response = json(error.status, {
          error: error.code,
          ...(error.errorId && { errorId: error.errorId }),
        });
      } else {
        const errorId = newErrorId();
        log({ level: 'error', event: 'server.failed', errorId, detail: (error as Error)?.message });
        response = json(500, { error: 'server-error', errorId });
      }
    }
    for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
    return response;
  };
}
