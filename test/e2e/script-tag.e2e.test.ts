// The script-tag bundle on a page that loads scripts only by tag, under a strict CSP with Trusted Types
// enforced: it must upgrade, pass availability and take a payment through the simulator, with no violation.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handleConnect } from '../../demo/connect-emulator.js';
import { chromiumArgs, findChromium } from '../../scripts/chromium.js';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";

const CHECKOUT_JS = `
document.querySelector('apple-pay-session-button:last-of-type').addEventListener('apple-pay-authorized', (event) => {
  const post = (path, body) => fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const charged = post('/api/demo/orders', { amount: '9.99', currencyCode: 'EUR' })
    .then(({ orderId }) => post('/api/apple-pay/charge', { orderId, token: event.detail.payment.token }));
  event.detail.complete(charged.then(({ status, orderState }) => {
    document.getElementById('result').textContent = orderState === 'paid' ? 'Paid' : 'Declined';
    return status;
  }));
});`;
// Apple's WebKit as far as the element can tell: it draws Apple Pay buttons, and takes their CSSOM properties
// (recorded here: Chromium drops properties it does not know).
const WEBKIT_JS = `const supports = CSS.supports.bind(CSS);
CSS.supports = (property, value) =>
  (property === '-webkit-appearance' && value === '-apple-pay-button') || supports(property, value);
const setProperty = CSSStyleDeclaration.prototype.setProperty;
window.setProperties = [];
CSSStyleDeclaration.prototype.setProperty = function (property, value, priority) {
  window.setProperties.push([property, value]);
  return setProperty.call(this, property, value, priority);
};`;
const MONITOR_JS = `window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));`;

let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  const simulator = await build({
    entryPoints: ['src/testing/apple-pay-simulator.ts'],
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  const files: Record<string, string> = {
    '/monitor.js': MONITOR_JS,
    '/simulator.js': simulator.outputFiles[0]!.text,
    '/apple-pay-session-button.iife.js': readFileSync(
      'dist/apple-pay-session-button.iife.js',
      'utf8',
    ),
    '/checkout.js': CHECKOUT_JS,
    '/webkit.js': WEBKIT_JS,
  };
  let page = '';
  let oldSafariPage = '';
  server = createServer((req, res) => {
    if (req.url === '/favicon.ico') return res.writeHead(204).end();
    if (req.url === '/' || req.url === '/safari-16.0') {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Security-Policy': CSP });
      return res.end(req.url === '/' ? page : oldSafariPage);
    }
    const script = files[req.url ?? ''];
    if (script !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      return res.end(script);
    }
    handleConnect(req, res, () => {
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  // The merchant's server renders the client session into the page.
  const session = await (await fetch(`${origin}/api/apple-pay/session`, { method: 'POST' })).json();
  page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>strict CSP</title></head><body>
<script src="/monitor.js"></script>
<script src="/simulator.js"></script>
<script src="/apple-pay-session-button.iife.js"></script>
<apple-pay-session-button client-session-id="${session.clientSessionId}" customer-id="${session.customerId}"
  client-api-url="${session.clientApiUrl}" display-name="Strict Shop" country-code="NL" currency-code="EUR"
  amount="9.99" button-type="pay"></apple-pay-session-button>
<p id="result"></p>
<script src="/checkout.js"></script>
</body></html>`;
  // An iOS 16.0 shopper: the classic simulator, first, takes constructable stylesheets away (Safari 16.4 brought
  // them), so Lit writes <style> elements, which this CSP refuses. One button waits for its client session.
  oldSafariPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>strict CSP, Safari 16.0</title></head><body>
<script src="/monitor.js"></script>
<script src="/webkit.js"></script>
<script src="/simulator.js" data-device="safari-16.0"></script>
<script src="/apple-pay-session-button.iife.js"></script>
<apple-pay-session-button id="waiting" display-name="Strict Shop" country-code="NL" currency-code="EUR"
  amount="9.99" button-type="pay"></apple-pay-session-button>
<apple-pay-session-button id="pay" client-session-id="${session.clientSessionId}" customer-id="${session.customerId}"
  client-api-url="${session.clientApiUrl}" display-name="Strict Shop" country-code="NL" currency-code="EUR"
  amount="9.99" button-type="pay"></apple-pay-session-button>
<p id="result"></p>
<script src="/checkout.js"></script>
</body></html>`;
  browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

it('pays through the simulator on a strict-CSP, Trusted-Types page with only script tags', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await page.goto(origin);
  await page.waitForSelector('apple-pay-session-button[available]');
  await expect(page.evaluate(() => 'trustedTypes' in window)).resolves.toBe(true);
  await page.click('apple-pay-session-button');
  await page.locator('apple-pay-simulator-sheet .pay:not([disabled])').waitFor();
  await page.locator('apple-pay-simulator-sheet .pay').click();
  await page.waitForSelector('#result:has-text("Paid")');
  expect(
    await page.evaluate(() => (window as unknown as { violations: string[] }).violations),
  ).toEqual([]);
  expect(problems).toEqual([]);
  // The policy was really in force: a plain string to innerHTML is refused.
  const sink = await page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
      return 'allowed';
    } catch {
      return 'blocked';
    }
  });
  expect(sink).toBe('blocked');
});

// Safari before 16.4 has no constructable stylesheets: Lit's styles are <style> elements there, which this CSP
// refuses. The element must still hide while it cannot pay, and draw Apple's button through CSSOM (not refused).
it('on an iOS 16.0 shopper’s Safari, under the same CSP: hidden while it waits, Apple’s button once it can pay', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${origin}/safari-16.0`);
  await page.waitForSelector('#pay[available]');
  const seen = await page.evaluate(() => {
    const inner = (id: string) => document.getElementById(id)!.shadowRoot!;
    const { violations, setProperties } = window as unknown as {
      violations: string[];
      setProperties: string[][];
    };
    return {
      constructableSheets: 'adoptedStyleSheets' in ShadowRoot.prototype,
      // The refused <style>: no sheet. (A test that passed with the styles applied would prove nothing.)
      litStyles: [...inner('pay').querySelectorAll('style')].map((style) => style.sheet),
      waitingButtonHidden: inner('waiting').querySelector('button')!.hidden,
      button: (({ className, hidden, textContent }) => ({ className, hidden, textContent }))(
        inner('pay').querySelector('button')!,
      ),
      label: inner('pay').querySelector('button')!.getAttribute('aria-label'),
      setProperties: setProperties.filter((call) => call.join().includes('apple-pay')),
      refused: [...new Set(violations.map((violation) => violation.split(' ')[0]))],
    };
  });
  expect(seen).toEqual({
    constructableSheets: false,
    litStyles: [null],
    waitingButtonHidden: true,
    button: { className: 'native', hidden: false, textContent: '' },
    label: 'Pay with Apple Pay',
    setProperties: expect.arrayContaining([
      ['-webkit-appearance', '-apple-pay-button'],
      ['-apple-pay-button-type', 'pay'],
      ['-apple-pay-button-style', 'black'],
    ]),
    refused: ['style-src-elem'], // Lit's <style> elements, and nothing the element set through CSSOM
  });
  await expect(page.locator('#waiting').isVisible()).resolves.toBe(false);
  await expect(page.locator('#pay').isVisible()).resolves.toBe(true);
  await page.locator('#pay').getByRole('button').click();
  await page.locator('apple-pay-simulator-sheet .pay:not([disabled])').waitFor();
  await page.locator('apple-pay-simulator-sheet .pay').click();
  await page.waitForSelector('#result:has-text("Paid")');
  expect(problems).toEqual([]);
});
