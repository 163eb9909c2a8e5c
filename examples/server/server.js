// @ts-check
// A shop's own node:http server with the Apple Pay routes of apple-pay-session-button/server mounted in it:
// `node examples/server/server.js` with the CONNECT_* variables set. The order book and the other routes are
// the shop's; the routes answer under /api/apple-pay and hand everything else on.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createApplePayServer } from 'apple-pay-session-button/server';

/**
 * @param {Record<string, string | undefined>} env the CONNECT_* variables (docs/server.md)
 * @param {(orderId: string) => { amount: number, currencyCode: string } | undefined} findOrder
 *   your order book: the amount in minor units (1250 is 12.50 EUR); the browser's amount is never used
 * @param {Partial<import('apple-pay-session-button/server').ApplePayServerOptions>} [options]
 */
export async function createShopServer(env, findOrder, options = {}) {
  const applePay = await createApplePayServer({
    connect: {
      apiKeyId: env.CONNECT_API_KEY_ID ?? '',
      secretApiKey: env.CONNECT_SECRET_API_KEY ?? '',
      merchantId: env.CONNECT_MERCHANT_ID ?? '',
      apiEndpoint: env.CONNECT_API_ENDPOINT ?? '',
    },
    orders: findOrder,
    ...options,
  });
  const server = createServer((req, res) =>
    // Your own routes go in `next`; this shop has none.
    applePay.node(req, res, () => res.writeHead(404).end()),
  );
  server.on('close', () => void applePay.close());
  return server;
}

// Run as a program: one sample order, so that the routes can be tried with curl.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const orders = new Map([['order-1', { amount: 1250, currencyCode: 'EUR' }]]);
  const server = await createShopServer(process.env, (id) => orders.get(id));
  server.listen(Number(process.env.PORT ?? 3000), () => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
    console.log(`The shop on http://localhost:${port}, Apple Pay under /api/apple-pay`);
  });
}
