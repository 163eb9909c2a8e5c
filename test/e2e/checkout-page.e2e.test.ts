// docs/testing.md's example, run as a merchant runs it: their checkout page (examples/checkout-page) and server,
// the Connect emulator in place of Connect, the simulator in place of Apple Pay, driven by Playwright. Only the
// package's public `apple-pay-session-button/testing…` entries are used (the built package, by its own name).
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  EMULATOR_CREDENTIALS,
  MAGIC_AMOUNTS,
  setFault,
  startConnectEmulator,
  type RunningEmulator,
} from 'apple-pay-session-button/testing/connect-emulator/node';
import {
  installApplePaySimulator,
  testCards,
  type PageApplePaySimulator,
} from 'apple-pay-session-button/testing/playwright';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCheckoutServer } from '../../examples/checkout-page/server.js';
import { chromiumArgs, findChromium } from '../../scripts/chromium.js';

let connect: RunningEmulator;
let shop: Server;
let shopUrl: string;
let browser: Browser;
let page: Page;
let applePay: PageApplePaySimulator;
const serverLog: { event: string }[] = [];
let visits = 0;

beforeAll(async () => {
  connect = await startConnectEmulator({ port: 0 });
  // The merchant's server, configured as for production but pointed at the emulator.
  shop = await createCheckoutServer({
    connect: {
      apiKeyId: EMULATOR_CREDENTIALS.apiKeyId,
      secretApiKey: EMULATOR_CREDENTIALS.secretApiKey,
      merchantId: EMULATOR_CREDENTIALS.merchantId,
      apiEndpoint: connect.url,
    },
    dataDir: mkdtempSync(join(tmpdir(), 'checkout-page-')),
    // Each visit is a new order of its kind. The emulated acquirer declines the amount 402 (a real token names
    // no card it could decline).
    findOrder: (orderId) =>
      orderId.startsWith('basket-')
        ? { amount: 1250, currencyCode: 'EUR' }
        : orderId.startsWith('declined-')
          ? { amount: MAGIC_AMOUNTS.declined, currencyCode: 'EUR' }
          : undefined,
    log: (entry) => serverLog.push(entry),
  });
  await new Promise<void>((resolve) => shop.listen(0, 'localhost', resolve));
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => shop?.close(resolve));
  await connect?.close();
});

beforeEach(async () => {
  page = await browser.newPage();
  applePay = await installApplePaySimulator(page, { sheet: false });
  setFault('none');
});
afterEach(async () => {
  // Whatever happened, the page never called ApplePaySession in a way Safari refuses.
  await expect(applePay.misuses()).resolves.toEqual([]);
  await page?.close();
});

const result = () => page.locator('#result');

async function checkout(order: string) {
  await page.goto(`${shopUrl}/checkout?order=${order}-${++visits}`);
  await page.waitForSelector('apple-pay-session-button[available]');
  await page.click('apple-pay-session-button');
}

describe('the checkout page', () => {
  it('takes the payment', async () => {
    await checkout('basket');
    await expect(applePay.authorize({ card: testCards.mastercard })).resolves.toEqual({
      status: 0,
    });
    await expect(result().innerText()).resolves.toBe('Thank you: your order is placed.');
    const [session] = await applePay.sessions();
    expect(session!.request.total).toMatchObject({ label: 'Example Shop', amount: '12.50' });
  });

  it('tells the customer when the payment is declined', async () => {
    await checkout('declined');
    await expect(applePay.authorize()).resolves.toEqual({ status: 1 });
    await expect(result().innerText()).resolves.toBe(
      'The payment was declined. Please try another card.',
    );
    expect(serverLog.at(-1)?.event).toBe('charge.declined');
  });

  it('declines the declining test card', async () => {
    await checkout('basket');
    await expect(applePay.authorize({ card: testCards.declined })).resolves.toEqual({ status: 1 });
    await expect(result().innerText()).resolves.toBe(
      'The payment was declined. Please try another card.',
    );
  });

  it('ends cleanly when merchant validation fails', async () => {
    setFault('500');
    await checkout('basket');
    await page.waitForSelector('#result:has-text("not available")');
    const [session] = await applePay.sessions();
    expect(session!.state).toBe('aborted');
  });

  it('lets the customer cancel', async () => {
    await checkout('basket');
    await applePay.waitForSheet();
    await applePay.cancel();
    await page.waitForSelector('#result:has-text("Payment cancelled.")');
  });

  it('ends when Safari gives up on a merchant validation that never answers', async () => {
    setFault('hang');
    await checkout('basket');
    await applePay.timeOut();
    await page.waitForSelector('#result:has-text("Payment cancelled.")');
  });

  it('hides the button on a device that cannot pay', async () => {
    await installApplePaySimulator(page, { canMakePayments: false });
    await page.goto(`${shopUrl}/checkout?order=basket-${++visits}`);
    await page.waitForSelector('apple-pay-session-button:not([available])', { state: 'attached' });
    await expect(page.locator('apple-pay-session-button').isVisible()).resolves.toBe(false);
  });

  it('asks only for a version the device supports', async () => {
    await installApplePaySimulator(page, { maxVersion: 6, sheet: false });
    await checkout('basket');
    await applePay.authorize();
    const [session] = await applePay.sessions();
    expect(session!.version).toBe(6);
  });
});
