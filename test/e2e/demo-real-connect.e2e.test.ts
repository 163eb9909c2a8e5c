// The demo in real-Connect mode (CONNECT_* set) when Connect cannot be reached: the page says so, hides the
// emulator's fault switches, never calls it the emulator, and installs no simulator (real Connect needs Safari).
import { chromium, type Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumArgs, findChromium } from '../../scripts/chromium.js';

let server: ViteDevServer;
let browser: Browser;

const REAL_CONNECT = {
  CONNECT_API_KEY_ID: 'key',
  CONNECT_SECRET_API_KEY: 'secret',
  CONNECT_MERCHANT_ID: '1234',
  CONNECT_API_ENDPOINT: 'http://127.0.0.1:9', // the discard port: nothing answers
};

beforeAll(async () => {
  Object.assign(process.env, REAL_CONNECT);
  server = await createServer({ server: { port: 0, host: 'localhost' }, logLevel: 'error' });
  await server.listen();
  browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  for (const name of Object.keys(REAL_CONNECT)) Reflect.deleteProperty(process.env, name);
});

it('says that real Connect is unreachable', async () => {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.resolvedUrls!.local[0]!);
  await page.waitForSelector('#mode:has-text("real Connect")');
  await expect(page.locator('#mode').innerText()).resolves.toBe('real Connect — unreachable');
  await expect(page.locator('#fault').isVisible()).resolves.toBe(false);
  await expect(page.locator('#merchant-validation').isVisible()).resolves.toBe(false);
  const logged = await page.locator('#log li[data-type="connect-unreachable"] pre').innerText();
  expect(JSON.parse(logged)).toMatchObject({
    mode: 'connect',
    error: expect.stringMatching(/Connect/),
  });
  expect(await page.locator('#log').innerText()).not.toMatch(/emulator/i);
  await expect(page.locator('#simulator-note').innerText()).resolves.toContain('Safari');
  await expect(page.locator('apple-pay-simulator-sheet').count()).resolves.toBe(0);
  expect(pageErrors).toEqual([]);
  await page.close();
});
