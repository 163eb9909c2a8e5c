// @ts-check
// The example merchant server: `node examples/server/server.js` with the CONNECT_* variables set.
// It serves the two Apple Pay endpoints; the checkout page and the order book are yours.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createApplePayRoutes } from './apple-pay-routes.js';
import { connectFromEnv } from './connect-client.js';

/**
 * @param {import('./apple-pay-routes.js').ApplePayRoutesOptions} options
 */
export function createMerchantServer(options) {
  const applePay = createApplePayRoutes(options);
  return createServer((req, res) => {
    applePay(req, res).then(
      (answered) => answered || res.writeHead(404).end(),
      (error) => {
        (options.log ?? console.error)('Unexpected failure in an Apple Pay route', error);
        if (!res.headersSent) res.writeHead(500).end();
      },
    );
  });
}

// Run as a program: one sample order, so that the endpoints can be tried with curl.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { client, merchantId } = connectFromEnv(process.env);
  /** @type {Record<string, import('./apple-pay-routes.js').Order>} */
  const orders = {
    'order-1': {
      amountOfMoney: { amount: 1250, currencyCode: 'EUR' },
      references: { merchantReference: 'order-1' },
    },
  };
  const server = createMerchantServer({ client, merchantId, findOrder: (id) => orders[id] });
  server.listen(Number(process.env.PORT ?? 3000), () => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
    console.log(`Apple Pay endpoints on http://localhost:${port}/api/apple-pay/{session,charge}`);
  });
}
