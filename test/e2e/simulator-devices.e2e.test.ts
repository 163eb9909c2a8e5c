// The kit's `device` option as a merchant's test uses it from Node: the Playwright helper and the classic script's
// data-device, on a plain page. The simulator plays the shopper's Safari before any of the page's own scripts
// run, so the page meets that Safari's web platform too.
import { installApplePaySimulator } from 'apple-pay-session-button/testing/playwright';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumArgs, findChromium } from '../../scripts/chromium.js';

/** The page's own script: what it found when it loaded, and what a click on its button did. */
const PAGE_JS = `window.found = {
  constructableSheets: typeof CSSStyleSheet.prototype.replaceSync === 'function',
  abortReason: 'reason' in AbortSignal.prototype,
};
document.querySelector('button').addEventListener('click', () => {
  try {
    new ApplePaySession(12, { countryCode: 'BE', currencyCode: 'EUR', merchantCapabilities: ['supports3DS'],
      supportedNetworks: ['bancontact', 'visa'], total: { label: 'Shop', amount: '1.00' } });
    window.clicked = 'accepted';
  } catch (error) { window.clicked = error.name + ': ' + error.message; }
});`;

let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  const simulator = readFileSync('dist/testing/apple-pay-simulator.iife.js', 'utf8');
  server = createServer((req, res) => {
    const scripts: Record<string, string> = { '/page.js': PAGE_JS, '/simulator.js': simulator };
    if (req.url! in scripts) {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      return res.end(scripts[req.url!]);
    }
    // `?device=…`: the classic script in the page, told its device by its data attribute.
    const device = new URL(req.url!, 'http://x').searchParams.get('device');
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><title>shop</title>
${device ? `<script src="/simulator.js" data-device="${device}" data-sheet="false"></script>` : ''}
<script src="/page.js" defer></script><button>pay</button>`);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const seen = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const { found, clicked } = window as unknown as { found: object; clicked?: string };
    return { ...found, clicked, supports13: ApplePaySession.supportsVersion(13) };
  });

it('plays an iOS 15 shopper’s Safari through the Playwright helper, and another device when set', async () => {
  const page = await browser.newPage();
  const applePay = await installApplePaySimulator(page, { device: 'safari-15.0', sheet: false });
  await page.goto(origin);
  await page.click('button');
  expect(await seen(page)).toEqual({
    constructableSheets: false,
    abortReason: false,
    supports13: false,
    clicked: 'TypeError: "bancontact" is not a valid payment network.',
  });
  expect(await applePay.misuses()).toEqual([
    { method: 'constructor', error: 'TypeError: "bancontact" is not a valid payment network.' },
  ]);
  await applePay.set({ device: 'safari-16.0' });
  await page.click('button');
  expect(await seen(page)).toMatchObject({ supports13: true, clicked: 'accepted' });
  await page.close();
});

it('refuses a device it does not know, in the test, before the page loads', async () => {
  const page = await browser.newPage();
  await expect(
    installApplePaySimulator(page, { device: 'safari-14.0' as 'safari-15.0' }),
  ).rejects.toThrow('Apple Pay simulator: no device "safari-14.0"; the devices are safari-15.0,');
  await page.close();
});

it('takes its device from the classic script’s data-device', async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}/?device=safari-16.0`);
  await page.click('button');
  expect(await seen(page)).toEqual({
    constructableSheets: false,
    abortReason: true,
    supports13: true,
    clicked: 'accepted',
  });
  expect(await page.evaluate(() => window.applePaySimulator.device)).toBe('safari-16.0');
  await page.close();
});
