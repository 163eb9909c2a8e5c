// The static demo (`npm run build:demo`) as any static host serves it: plain files, no Node behind them. The
// store's server and the Connect emulator run in the page through a service worker; the simulator pays —
// also in a browser that has its own ApplePaySession, which the demo replaces and says so.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumArgs, findChromium } from '../../scripts/chromium.js';
import pkg from '../../package.json' with { type: 'json' };

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};
const folder = mkdtempSync(join(tmpdir(), 'static-demo-'));
let server: Server;
let origin: string;
let browser: Browser;
let page: Page;
let pageErrors: string[];
const served: string[] = [];

beforeAll(async () => {
  await build({ mode: 'static-demo', logLevel: 'error', build: { outDir: folder } });
  // Served under a sub-path, as a project page is: nothing may assume the site root.
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    served.push(`${req.method} ${path}`);
    const file = normalize(path.replace(/^\/shop\/demo\//, '/')).replace(/\/$/, '/index.html');
    if (!path.startsWith('/shop/demo/') || req.method !== 'GET') return res.writeHead(404).end();
    try {
      const body = readFileSync(join(folder, file));
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

beforeEach(async () => {
  // A fresh context each time: its own service worker registration, as a first visit has.
  page = await (await browser.newContext()).newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
afterEach(async () => {
  await page?.context().close();
});

const sheet = (selector: string) => page.locator(`apple-pay-simulator-sheet ${selector}`);

async function pay() {
  await page.click('apple-pay-session-button');
  await sheet('.pay:not([disabled])').waitFor();
  await sheet('.pay').click();
  await page.waitForSelector('#result:has-text("Paid")');
}

describe('the static demo', () => {
  it('pays through the simulator with the emulator in the page, and switches faults', async () => {
    await page.goto(`${origin}/shop/demo/`);
    await page.waitForSelector('apple-pay-session-button[available]');
    // No server: the page says that its charges are simulated.
    await expect(page.locator('#mode').innerText()).resolves.toBe(
      'Connect emulator (no server: charges are simulated in this page)',
    );
    // No server, so no mutual TLS with Apple: the switch says so instead.
    await expect(page.locator('#merchant-validation').isDisabled()).resolves.toBe(true);
    await expect(page.locator('#merchant-validation-note').innerText()).resolves.toContain(
      'no server',
    );
    // What the page tells a reader to run exists: `npm start`, not a `npm run dev` this project lacks.
    const commands = [
      ...(await page.locator('body').innerText()).matchAll(
        /\bnpm (?:run ([\w:-]+)|(start|test))\b/g,
      ),
    ].map(([, script, lifecycle]) => script ?? lifecycle);
    expect(commands).toContain('start');
    for (const script of commands) expect(Object.keys(pkg.scripts)).toContain(script);
    await pay();
    const events = await page.locator('#log li strong').allInnerTexts();
    expect(events.reverse()).toEqual([
      'apple-pay-availability',
      'apple-pay-start',
      'apple-pay-merchant-validated',
      'apple-pay-authorized',
    ]);
    // The fault switch drives the in-page emulator as it drives the dev server's.
    await page.selectOption('#fault', '404-1426');
    await page.click('apple-pay-session-button');
    const error = page.locator('#log li[data-type="apple-pay-error"] pre');
    await error.waitFor();
    expect(JSON.parse(await error.innerText())).toMatchObject({
      stage: 'merchant-validation',
      error: { code: '1426', status: 404 },
    });
    expect(pageErrors).toEqual([]);
    // Only files went over the wire: every Connect and store call was answered in the page.
    expect(served.filter((line) => !line.startsWith('GET /shop/demo/'))).toEqual([]);
  });

  it('replaces a native ApplePaySession with the simulator, and says so', async () => {
    await page.addInitScript(() => {
      // A stand-in for Safari's own: it must never be called while the emulator is in use.
      const NativeApplePaySession = Object.assign(
        function () {
          throw new Error('the native ApplePaySession was used');
        },
        { supportsVersion: () => true, canMakePayments: () => true },
      );
      Object.defineProperty(window, 'ApplePaySession', {
        value: NativeApplePaySession,
        writable: true,
        configurable: true,
      });
    });
    await page.goto(`${origin}/shop/demo/`);
    await page.waitForSelector('apple-pay-session-button[available]');
    await expect(page.locator('html').getAttribute('data-apple-pay')).resolves.toBe(
      'simulator-over-native',
    );
    await expect(page.locator('#simulator-note').innerText()).resolves.toContain(
      "replaces this browser's own Apple Pay",
    );
    await pay();
    expect(pageErrors).toEqual([]);
  });
});
