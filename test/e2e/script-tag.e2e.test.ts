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
document.querySelector('apple-pay-session-button').addEventListener('apple-pay-authorized', (event) => {
  const post = (path, body) => fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const charged = post('/api/demo/orders', { amount: '9.99', currencyCode: 'EUR' })
    .then(({ orderId }) => post('/api/apple-pay/charge', { orderId, token: event.detail.payment.token }));
  event.detail.complete(charged.then(({ status, orderState }) => {
    document.getElementById('result').textContent = orderState === 'paid' ? 'Paid' : 'Declined';
    return status;
  }));
});`;
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
  };
  let page = '';
  server = createServer((req, res) => {
    if (req.url === '/favicon.ico') return res.writeHead(204).end();
    if (req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Security-Policy': CSP });
      return res.end(page);
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
