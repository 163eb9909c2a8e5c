// The demo as a new user meets it: the dev server with its Connect emulator, the page in Chromium, real clicks
// through the simulator's sheet, every fault switch. Screenshots go to test/e2e/screenshots/ for a human look.
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumArgs, findChromium } from '../../scripts/chromium.js';

const SCREENSHOTS = new URL('./screenshots/', import.meta.url).pathname;
let server: ViteDevServer;
let browser: Browser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await createServer({ server: { port: 0, host: 'localhost' }, logLevel: 'error' });
  await server.listen();
  browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.resolvedUrls!.local[0]!);
  await page.waitForSelector('apple-pay-session-button[available]');
});

afterEach(async () => {
  await page?.close();
});

const sheet = (selector: string) => page.locator(`apple-pay-simulator-sheet ${selector}`);
const result = () => page.locator('#result');

async function setFault(fault: string) {
  await Promise.all([
    page.waitForResponse('**/merchant/fault'),
    page.selectOption('#fault', fault),
  ]);
}

/** What a shopper can read: the page without the demo's controls, event log and snippet. */
const shopperText = () =>
  page.evaluate(() => {
    const copy = document.querySelector('main')!.cloneNode(true) as HTMLElement;
    copy.querySelector('.log')?.remove();
    copy.querySelector('.snippet')?.remove();
    copy.querySelector('.controls')?.remove();
    const button = document.querySelector('apple-pay-session-button')!;
    return `${copy.innerText} ${button.shadowRoot!.innerHTML}`;
  });

describe('the demo', () => {
  it('pays through the simulator with real clicks', async () => {
    const snippet = await page.locator('#snippet').innerText();
    expect(snippet).toContain('display-name="Tote & Co."');
    expect(snippet).not.toContain('undefined');
    await page.screenshot({ path: `${SCREENSHOTS}page.png`, fullPage: true });
    await page.click('apple-pay-session-button');
    await sheet('.pay:not([disabled])').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}sheet.png` });
    await expect(sheet('.total').innerText()).resolves.toMatch(/Pay Tote & Co\.\s+EUR 49\.00/);
    await sheet('.pay').click();
    await expect(result().innerText()).resolves.toBe('');
    await page.waitForSelector('#result:has-text("Paid")');
    await page.screenshot({ path: `${SCREENSHOTS}paid.png`, fullPage: true });
    const events = await page.locator('#log li strong').allInnerTexts();
    expect(events.reverse()).toEqual([
      'apple-pay-availability',
      'apple-pay-start',
      'apple-pay-merchant-validated',
      'apple-pay-authorized',
    ]);
    expect(pageErrors).toEqual([]);
  });

  it('draws Apple’s button from the simulated Apple JS SDK and asks applePayCapabilities', async () => {
    const availability = JSON.parse(
      await page.locator('#log li[data-type="apple-pay-availability"] pre').last().innerText(),
    );
    expect(availability).toEqual({
      available: true,
      credentialStatus: 'paymentCredentialsAvailable',
    });
    const apple = page.locator('apple-pay-session-button apple-pay-button');
    await expect(apple.getAttribute('type')).resolves.toBe('buy');
    const host = await page.locator('apple-pay-session-button').boundingBox();
    await expect(apple.boundingBox()).resolves.toEqual(host); // the page's size, through our custom properties
    await page.screenshot({ path: `${SCREENSHOTS}button.png`, clip: (await apple.boundingBox())! });
    await apple.click();
    await sheet('.pay:not([disabled])').waitFor();
    await sheet('.pay').click();
    await page.waitForSelector('#result:has-text("Paid")');
    expect(pageErrors).toEqual([]);
  });

  it('reports a declined card on the sheet and the page', async () => {
    await page.click('apple-pay-session-button');
    await sheet('.pay:not([disabled])').waitFor();
    await sheet('select').selectOption({ index: 2 });
    await sheet('.pay:not([disabled])').waitFor();
    await sheet('.pay').click();
    await page.waitForSelector('#result:has-text("declined")');
    await expect(sheet('.status').innerText()).resolves.toBe('Payment not completed');
  });

  it('lets the shopper cancel', async () => {
    await page.click('apple-pay-session-button');
    await sheet('.pay:not([disabled])').waitFor();
    await sheet('.cancel').click();
    await page.waitForSelector('#result:has-text("cancelled")');
    await expect(page.locator('#log li[data-type="apple-pay-cancel"]').count()).resolves.toBe(1);
  });

  it('hides the button where Connect does not offer Apple Pay', async () => {
    await page.selectOption('#currency', 'SEK');
    await page.waitForSelector('apple-pay-session-button:not([available])', { state: 'attached' });
    await expect(page.locator('apple-pay-session-button').isVisible()).resolves.toBe(false);
    await expect(page.locator('#unavailable').innerText()).resolves.toContain('not-offered');
    await page.selectOption('#currency', 'JPY');
    await page.waitForSelector('apple-pay-session-button[available]');
    await expect(page.locator('#summary-total').innerText()).resolves.toBe('JPY 7800');
  });

  it('pays after a slow Connect answer', async () => {
    await setFault('slow');
    await page.click('apple-pay-session-button');
    await sheet('.pay:not([disabled])').waitFor({ timeout: 10_000 });
    await sheet('.pay').click();
    await page.waitForSelector('#result:has-text("Paid")');
  });

  it.each([
    ['400', '20000000', 400],
    ['401', '9002', 401],
    ['403', '9007', 403],
    ['404-1426', '1426', 404],
    ['500', '9999', 500],
    ['non-json', 'invalid-response', 502],
    ['no-session-object', 'invalid-response', 200],
    ['drop', 'network', undefined],
    ['hang', 'timeout', undefined],
  ])('ends cleanly when Connect answers with fault %s', async (fault, code, status) => {
    await setFault(fault);
    await page.click('apple-pay-session-button');
    const error = page.locator('#log li[data-type="apple-pay-error"] pre');
    await error.waitFor({ timeout: 10_000 });
    const detail = JSON.parse(await error.innerText());
    expect(detail).toMatchObject({
      stage: 'merchant-validation',
      error: status ? { code, status } : { code },
    });
    await page.waitForSelector('apple-pay-simulator-sheet section', { state: 'detached' });
    await expect(result().innerText()).resolves.toBe(
      'Apple Pay is not available right now. Please choose another payment method.',
    );
    await expect(page.locator('apple-pay-session-button[active]').count()).resolves.toBe(0);
    const text = await shopperText();
    for (const apiMessage of [
      'PARAMETER_NOT_FOUND',
      'MISSING_OR_INVALID',
      'ACCESS_TO_MERCHANT',
      'CREATE_SESSION_NOT_AVAILABLE',
      'UNKNOWN_SERVER_ERROR',
      'Bad Gateway',
    ]) {
      expect(text).not.toContain(apiMessage);
    }
    if (fault === '404-1426')
      await page.screenshot({ path: `${SCREENSHOTS}fault-404-1426.png`, fullPage: true });

    // The next attempt works again, with a fresh merchant session.
    await setFault('none');
    await page.click('apple-pay-session-button');
    await sheet('.pay:not([disabled])').waitFor();
    await sheet('.pay').click();
    await page.waitForSelector('#result:has-text("Paid")');
    expect(pageErrors).toEqual([]);
  });
});
