// A merchant's checkout page and its server: the page with the element (script-tag bundle), and the Apple Pay
// routes of apple-pay-session-button/server (a Connect client session, the charge, the order's state). The
// order and its amount are the server's; the page only shows them. `docs/testing.md` tests this page with the
// test kit.
//
// Run as a program (`node examples/checkout-page/server.js`, after `npm run build`) with the CONNECT_* variables
// set, it serves two sample orders; without them it says what to set.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';
import { createApplePayServer } from 'apple-pay-session-button/server';

const ELEMENT = new URL(
  './apple-pay-session-button.iife.js',
  import.meta.resolve('apple-pay-session-button'),
);
const CHECKOUT_JS = new URL('./checkout.js', import.meta.url);

/** @typedef {import('apple-pay-session-button/server').OrderAmount} Order */

/** @param {Order} order @param {string} orderId */
function page(order, orderId) {
  const { amount, currencyCode } = order;
  const total = (amount / 100).toFixed(2);
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Checkout</title></head>
  <body>
    <h1>Your order: ${currencyCode} ${total}</h1>
    <apple-pay-session-button data-order-id="${orderId}" display-name="Example Shop" country-code="NL"
      currency-code="${currencyCode}" amount="${total}" supported-networks="visa masterCard"
      button-type="check-out"></apple-pay-session-button>
    <p id="result" role="status"></p>
    <script src="/apple-pay-session-button.iife.js"></script>
    <script src="/checkout.js"></script>
  </body>
</html>`;
}

/**
 * @param {Omit<import('apple-pay-session-button/server').ApplePayServerOptions, 'orders'> & {
 *   findOrder: (orderId: string) => Order | undefined }} options
 */
export async function createCheckoutServer({ findOrder, ...options }) {
  const applePay = await createApplePayServer({ ...options, orders: findOrder });
  const files = {
    '/apple-pay-session-button.iife.js': () => readFileSync(ELEMENT),
    '/checkout.js': () => readFileSync(CHECKOUT_JS),
  };
  const server = createServer((req, res) =>
    applePay.node(req, res, () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const file = files[/** @type {keyof typeof files} */ (url.pathname)];
      if (file) return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(file());
      const orderId = url.searchParams.get('order') ?? '';
      const order = url.pathname === '/checkout' ? findOrder(orderId) : undefined;
      if (!order) return res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(page(order, orderId));
    }),
  );
  server.on('close', () => void applePay.close());
  return server;
}

const HOW_TO_RUN = `Usage: node examples/checkout-page/server.js   (after npm run build)

The example checkout page and its server, with two sample orders: /checkout?order=basket (EUR 12.50) and
/checkout?order=declined (EUR 4.02, which the Connect emulator declines).

Environment:
  CONNECT_API_KEY_ID, CONNECT_SECRET_API_KEY, CONNECT_MERCHANT_ID, CONNECT_API_ENDPOINT
                the Connect Server API (required). For the emulator, start it in another terminal with
                npx apple-pay-session-button-emulator, then set CONNECT_API_ENDPOINT=http://localhost:8787
                CONNECT_MERCHANT_ID=1234 CONNECT_API_KEY_ID=emulator-api-key-id
                CONNECT_SECRET_API_KEY=emulator-secret-api-key
  PORT          the port (default 3000; 0: any free port)

The button shows where Apple Pay can work: Safari with real Connect on a domain registered for Apple Pay. Against
the emulator, a test pays through the Apple Pay simulator (docs/testing.md, test/e2e/checkout-page.e2e.test.ts).`;

// Run as a program: the sample orders, or what to set.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const env = process.env;
  const absent = [
    'CONNECT_API_KEY_ID',
    'CONNECT_SECRET_API_KEY',
    'CONNECT_MERCHANT_ID',
    'CONNECT_API_ENDPOINT',
  ].filter((name) => !env[name]);
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(HOW_TO_RUN);
  } else if (absent.length || !existsSync(fileURLToPath(ELEMENT))) {
    console.error(
      `${absent.length ? `Set ${absent.join(', ')}.` : 'No built element: run npm run build first.'}\n\n${HOW_TO_RUN}`,
    );
    process.exitCode = 2;
  } else {
    /** @type {Record<string, Order>} */
    const orders = {
      basket: { amount: 1250, currencyCode: 'EUR' },
      declined: { amount: 402, currencyCode: 'EUR' },
    };
    const shop = await createCheckoutServer({
      connect: {
        apiKeyId: /** @type {string} */ (env.CONNECT_API_KEY_ID),
        secretApiKey: /** @type {string} */ (env.CONNECT_SECRET_API_KEY),
        merchantId: /** @type {string} */ (env.CONNECT_MERCHANT_ID),
        apiEndpoint: /** @type {string} */ (env.CONNECT_API_ENDPOINT),
      },
      findOrder: (orderId) => orders[orderId],
      // A sample: its orders' states are forgotten with the temporary folder.
      dataDir: join(tmpdir(), `checkout-example-${process.pid}`),
    });
    shop.listen(Number(env.PORT ?? 3000), () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (shop.address());
      console.log(`Checkout page on http://localhost:${port}/checkout?order=basket`);
    });
  }
}
