// A merchant's checkout page and its server: the page with the element (script-tag bundle), and the two Apple
// Pay endpoints of examples/server (a Connect client session, the charge of a token). The order and its amount
// are the server's; the page only shows them. `docs/testing.md` tests this page with the test kit.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { URL } from 'node:url';
import { createApplePayRoutes } from '../server/apple-pay-routes.js';

const ELEMENT = new URL(
  './apple-pay-session-button.iife.js',
  import.meta.resolve('apple-pay-session-button'),
);
const CHECKOUT_JS = new URL('./checkout.js', import.meta.url);

/** @typedef {import('../server/apple-pay-routes.js').Order} Order */

/** @param {Order} order @param {string} orderId */
function page(order, orderId) {
  const { amount, currencyCode } = order.amountOfMoney;
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
 * @param {Omit<import('../server/apple-pay-routes.js').ApplePayRoutesOptions, 'findOrder'> & { orders: Record<string, Order> }} options
 */
export function createCheckoutServer({ orders, ...options }) {
  const applePay = createApplePayRoutes({ ...options, findOrder: (id) => orders[id] });
  const files = {
    '/apple-pay-session-button.iife.js': () => readFileSync(ELEMENT),
    '/checkout.js': () => readFileSync(CHECKOUT_JS),
  };
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (await applePay(req, res)) return;
    const file = files[/** @type {keyof typeof files} */ (url.pathname)];
    if (file) return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(file());
    const orderId = url.searchParams.get('order') ?? '';
    const order = url.pathname === '/checkout' ? orders[orderId] : undefined;
    if (!order) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(page(order, orderId));
  });
}
