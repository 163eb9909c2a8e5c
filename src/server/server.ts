// `createApplePayServer`: the routes, the order state machine, a store and Connect, put together.
import {
  connectGateway,
  DEFAULT_DEADLINES,
  type ConnectSettings,
  type Deadlines,
} from './connect.js';
import { fileOrderStore } from './file-store.js';
import { json } from './http.js';
import { consoleLogger, type Logger } from './log.js';
import { toNodeHandler, type NodeHandler } from './node.js';
import { loadOptional } from './optional.js';
import { Orders, type OrderAmount, type OrderStatus } from './orders.js';
import { createRoutes, type WebhookReader } from './routes.js';
import type { OrderStore } from './store.js';

export interface ApplePayServerOptions {
  /** Connect's Server API: credentials, merchant and endpoint. */
  connect: ConnectSettings;
  /**
   * Your order book: the amount to charge for an order id (minor units: 1250 is 12.50 EUR), or undefined for
   * an order you do not know (404). The browser's idea of the amount is never used.
   */
  orders: (orderId: string) => OrderAmount | undefined | Promise<OrderAmount | undefined>;
  /** Where order states live. Default: the embedded store in `dataDir`. */
  store?: OrderStore;
  /** The embedded store's folder when `store` is not given; default `.apple-pay-server` in the working directory. */
  dataDir?: string;
  /** Where the routes are; default `/api/apple-pay`. */
  basePath?: string;
  /** Origins whose browser requests are served besides the server's own; requests without Origin are served. */
  allowedOrigins?: string[];
  /** Connect's webhooks key; without it, `{base}/webhooks` answers 404. */
  webhooks?: { keyId: string; secretKey: string };
  /** Default `FINAL_AUTHORIZATION`. */
  authorizationMode?: 'FINAL_AUTHORIZATION' | 'PRE_AUTHORIZATION' | 'SALE';
  /** ms each kind of Connect call may take. */
  deadlines?: Partial<Deadlines>;
  /** Default: one JSON line per entry on stderr. */
  log?: Logger;
}

export interface ApplePayServer {
  /** The routes as a web-standard handler; undefined for requests outside the base path. */
  handle(request: Request): Promise<Response | undefined>;
  /** The same, answering 404 outside the base path (Hono, Next.js route handlers, Deno, Bun). */
  fetch(request: Request): Promise<Response>;
  /** The routes for node:http and Express: `(req, res, next?)`. */
  node: NodeHandler;
  /** An order's state, settled from Connect first when it was left charging. */
  orderStatus(orderId: string): Promise<OrderStatus>;
  /** Settles every order left charging whose own request cannot be on its way any more (call it on a timer). */
  settleCharging(): Promise<void>;
  /** Closes the store and Connect's connections (the store only when the server opened it). */
  close(): Promise<void>;
}

interface WebhooksSdk {
  webhooks: {
    v1: {
      init(context: { getSecretKey(keyId: string): Promise<string> }): {
        unmarshal(
          body: string,
          headers: Record<string, string>,
        ): Promise<{ type?: unknown; payment?: unknown }>;
      };
    };
  };
}

/** The Apple Pay routes and what they need; opens the embedded store unless one is given. */
export async function createApplePayServer(
  options: ApplePayServerOptions,
): Promise<ApplePayServer> {
  const deadlines = { ...DEFAULT_DEADLINES, ...options.deadlines };
  const log = options.log ?? consoleLogger;
  const basePath = options.basePath ?? '/api/apple-pay';
  const gateway = await connectGateway(options.connect, deadlines);
  let readWebhook: WebhookReader | undefined;
  if (options.webhooks) {
    const { keyId, secretKey } = options.webhooks;
    const sdk = await loadOptional<WebhooksSdk>('connect-sdk-nodejs', 'to reach Connect');
    const helper = sdk.webhooks.v1.init({
      getSecretKey: async (id) => {
        if (id !== keyId) throw new Error(`unknown webhooks key ${id}`);
        return secretKey;
      },
    });
    readWebhook = (body, headers) => helper.unmarshal(body, headers);
  }
  const store = options.store ?? (await fileOrderStore(options.dataDir ?? '.apple-pay-server'));
  const orders = new Orders({
    store,
    gateway,
    log,
    paymentDeadline: deadlines.payment,
    leaseMargin: deadlines.leaseMargin,
    authorizationMode: options.authorizationMode ?? 'FINAL_AUTHORIZATION',
  });
  const handle = createRoutes({
    basePath,
    allowedOrigins: new Set(options.allowedOrigins ?? []),
    orderBook: options.orders,
    orders,
    gateway,
    log,
    readWebhook,
  });
  return {
    handle,
    fetch: async (request) => (await handle(request)) ?? json(404, { error: 'not-found' }),
    node: toNodeHandler(handle, basePath),
    orderStatus: (orderId) => orders.status(orderId),
    settleCharging: () => orders.settleAll(),
    async close() {
      gateway.close();
      if (!options.store) await store.close();
    },
  };
}
