// A merchant's checkout page and its server: the page with the element (script-tag bundle), and the Apple Pay
// routes of apple-pay-session-button/server (a Connect client session, the charge, the order's state). The
// order and its amount are the server's; the page only shows them. `docs/testing.md` tests this page with the
// test kit.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { URL } from 'node:url';
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
