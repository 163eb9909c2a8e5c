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
/** The paths the page asked for, from its first request. */
let requested: string[];

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
  page = await openDemo({ width: 1280, height: 1000 });
});

async function openDemo(viewport: { width: number; height: number }) {
  const opened = await browser.newPage({
    viewport,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  pageErrors = [];
  requested = [];
  opened.on('pageerror', (error) => pageErrors.push(error.message));
  opened.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await opened.goto(server.resolvedUrls!.local[0]!);
  await opened.waitForSelector('apple-pay-session-button[available]');
  return opened;
}

afterEach(async () => {
  await page?.close();
});

const sheet = (selector: string) => page.locator(`apple-pay-simulator-sheet ${selector}`);
const result = () => page.locator('#result');
/** Apple's button (the simulated SDK's), inside the element. */
const appleButton = () => page.locator('apple-pay-session-button apple-pay-button [role=button]');
const FAILURE = 'Apple Pay did not go through, and nothing was charged. Please try again.';

/** The focused element, looked up through shadow roots: its tag and its role. */
const focused = () =>
  page.evaluate(() => {
    let element = document.activeElement;
    const path = [];
    while (element) {
      path.push(element.getAttribute('role') ?? element.localName);
      element = element.shadowRoot?.activeElement ?? null;
    }
    return path.join(' > ');
  });

async function setFault(fault: string) {
  await Promise.all([
    page.waitForResponse('**/api/demo/fault'),
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
    expect(snippet).toContain('display-name="Tote &amp; Co."');
    expect(snippet).not.toContain('undefined');
    await page.screenshot({ path: `${SCREENSHOTS}page.png`, fullPage: true });
    await page.click('apple-pay-session-button');
    await sheet('.pay:not([disabled])').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}sheet.png` });
    await expect(sheet('.total').innerText()).resolves.toMatch(/^Tote & Co\.\s+EUR 49\.00$/);
    await expect(sheet('.pay').innerText()).resolves.toBe('Buy with Apple Pay');
    await sheet('.pay').click();
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

  it('validates through the merchant’s server, over mutual TLS, instead of Connect’s Client API', async () => {
    await expect(page.locator('#fault-note').isVisible()).resolves.toBe(false);
    await page.getByLabel("Validate through the merchant's server").check();
    // Connect's fault switch has nothing to answer then, and the page says so.
    await expect(page.locator('#fault').isDisabled()).resolves.toBe(true);
    await expect(page.locator('#fault-note').innerText()).resolves.toContain(
      'this switch does nothing',
    );
    const validated = page.waitForResponse('**/api/apple-pay/validate');
    await page.click('apple-pay-session-button');
    await expect((await validated).status()).toBe(200);
    await sheet('.pay:not([disabled])').waitFor();
    await sheet('.pay').click();
    await page.waitForSelector('#result:has-text("Paid")');
    const merchantSession = JSON.parse(
      await page.locator('#log li[data-type="merchant-server-validated"] pre').innerText(),
    );
    // The stand-in gateway's answer to the recipe's request: the demo store's identity and domain.
    expect(merchantSession).toMatchObject({
      merchantIdentifier: 'merchant.com.example.tote',
      displayName: 'Tote & Co.',
      domainName: 'localhost',
      merchantSessionIdentifier: expect.stringMatching(/^SSH/),
    });
    const events = await page.locator('#log li strong').allInnerTexts();
    expect(events.reverse()).toEqual([
      'apple-pay-availability',
      'apple-pay-start',
      'merchant-server-validated',
      'apple-pay-merchant-validated',
      'apple-pay-authorized',
    ]);
    expect(requested.filter((path) => path === '/api/apple-pay/validate')).toHaveLength(1);
    // The Client API is still asked, for the product look-up, but not for a merchant session.
    expect(requested.filter((path) => path.endsWith('/products/302'))).not.toEqual([]);
    expect(requested.filter((path) => path.endsWith('/sessions'))).toEqual([]);
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
    await expect(page.locator('#unavailable').innerText()).resolves.toBe(
      'Apple Pay is not offered for payments in SEK.',
    );
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
    await expect(result().innerText()).resolves.toBe(FAILURE);
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

describe('the demo at a first visit', () => {
  it('copies a script-tag snippet that parses into the configured element', async () => {
    await page.selectOption('#locale', 'de-DE');
    await page.check('#disabled');
    await page.click('#copy');
    // The clipboard write is asynchronous: wait for the feedback rather than read it once.
    await page.waitForSelector('#copy:has-text("Copied")');
    await expect(page.locator('#copy-status').innerText()).resolves.toBe(
      'The snippet is on the clipboard.',
    );
    const parsed = await page.evaluate(async () => {
      const copied = await navigator.clipboard.readText();
      const template = document.createElement('template');
      template.innerHTML = copied;
      const nodes = [...template.content.childNodes];
      const element = template.content.querySelector('apple-pay-session-button');
      return {
        same: copied === document.getElementById('snippet')!.textContent,
        script: template.content.querySelector('script')?.getAttribute('src'),
        attributes: Object.fromEntries(
          [...(element?.attributes ?? [])].map((a) => [a.name, a.value]),
        ),
        // Markup that the parser took as text (an attribute list broken by a comment, say) would show here.
        text: nodes
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent!.trim())
          .join(''),
        inside: element?.innerHTML,
        comments: nodes.filter((n) => n.nodeType === Node.COMMENT_NODE).length,
      };
    });
    expect(parsed).toEqual({
      same: true,
      script: '/path/to/apple-pay-session-button.iife.js',
      attributes: {
        'client-session-id': '…',
        'customer-id': '…',
        'client-api-url': '…',
        'display-name': 'Tote & Co.',
        'country-code': 'NL',
        'currency-code': 'EUR',
        amount: '49.00',
        'button-type': 'buy',
        'button-style': 'black',
        locale: 'de-DE',
        disabled: '',
      },
      text: '',
      inside: '\n',
      comments: 1,
    });
    // The feedback goes away by itself.
    await page.waitForSelector('#copy:text-is("Copy")', { timeout: 4000 });
    await expect(page.locator('#copy-status').textContent()).resolves.toBe('');
  });

  it('takes whole numbers from 1 to 9 as the quantity', async () => {
    const total = () => page.locator('#summary-total').innerText();
    const error = page.locator('#quantity-error');
    await page.fill('#quantity', '3');
    await expect(total()).resolves.toBe('EUR 147.00');
    for (const typed of ['2.5', '0', '', '12']) {
      await page.fill('#quantity', typed);
      await expect(error.isVisible()).resolves.toBe(true);
      await expect(page.getAttribute('#quantity', 'aria-invalid')).resolves.toBe('');
      await expect(total()).resolves.toBe('EUR 147.00'); // the order keeps its last quantity
    }
    await page.locator('#quantity').blur();
    await expect(page.inputValue('#quantity')).resolves.toBe('3');
    await expect(error.isVisible()).resolves.toBe(false);
    await page.fill('#quantity', '');
    await page.locator('#quantity').pressSequentially('-2.e5');
    await expect(page.inputValue('#quantity')).resolves.toBe('25'); // no sign, point or exponent
    await page.fill('#quantity', '2');
    await expect(total()).resolves.toBe('EUR 98.00');
    const charged = page.evaluate(
      () => (document.querySelector('#pay') as { amount?: string }).amount,
    );
    await expect(charged).resolves.toBe('98.00'); // what Apple Pay will be asked for
  });

  it('draws the button and the sheet in the chosen language', async () => {
    await page.selectOption('#button-type', 'check-out');
    await page.selectOption('#locale', 'de-DE');
    await expect.poll(() => appleButton().textContent()).toBe('Zur Kasse mit Apple Pay');
    await page.selectOption('#locale', 'ja-JP');
    await expect.poll(() => appleButton().textContent()).toBe('Apple Payで支払いへ進む');
    await appleButton().click();
    await sheet('.pay:not([disabled])').waitFor();
    await expect(sheet('.pay').innerText()).resolves.toBe('Apple Payで支払いへ進む');
    await sheet('.cancel').click();
  });

  it('closes the sheet with Escape, as a cancel, with focus back on the button', async () => {
    await page.click('apple-pay-session-button');
    await sheet('.pay:not([disabled])').waitFor();
    await page.keyboard.press('Escape');
    await page.waitForSelector('apple-pay-simulator-sheet section', { state: 'detached' });
    await expect(result().innerText()).resolves.toBe('Payment cancelled.');
    await expect(page.locator('#log li[data-type="apple-pay-cancel"]').count()).resolves.toBe(1);
    await expect(focused()).resolves.toBe('apple-pay-session-button > apple-pay-button > button');
    await page.keyboard.press('Enter'); // the keyboard user goes on from there
    await sheet('.pay:not([disabled])').waitFor();
    await page.keyboard.press('Escape');
    await page.waitForSelector('apple-pay-simulator-sheet section', { state: 'detached' });
    expect(pageErrors).toEqual([]);
  });

  it('shows a disabled button that el.focus() reaches and a click does not start', async () => {
    await page.check('#disabled');
    const apple = page.locator('apple-pay-session-button apple-pay-button');
    await page.waitForSelector('apple-pay-session-button apple-pay-button[aria-disabled="true"]');
    await expect(apple.evaluate((el) => getComputedStyle(el).opacity)).resolves.toBe('0.5');
    await expect(appleButton().getAttribute('aria-disabled')).resolves.toBe('true');
    await page.evaluate(() => document.querySelector<HTMLElement>('#pay')!.focus());
    await expect(focused()).resolves.toBe('apple-pay-session-button > apple-pay-button > button');
    await appleButton().click({ force: true });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    await expect(page.locator('apple-pay-simulator-sheet section').count()).resolves.toBe(0);
    await expect(page.locator('#log li[data-type="apple-pay-start"]').count()).resolves.toBe(0);
  });

  it('paints totals and no “connecting…” before its script runs', async () => {
    const painted = await browser.newPage({ javaScriptEnabled: false });
    await painted.goto(server.resolvedUrls!.local[0]!);
    await expect(painted.locator('#summary-subtotal').innerText()).resolves.toBe('EUR 49.00');
    await expect(painted.locator('#summary-total').innerText()).resolves.toBe('EUR 49.00');
    await expect(painted.locator('#mode').isVisible()).resolves.toBe(false);
    await expect(painted.locator('body').innerText()).resolves.not.toMatch(/connecting/i);
    await expect(painted.inputValue('#button-type')).resolves.toBe('buy');
    await expect(painted.locator('.snippet pre').isVisible()).resolves.toBe(false); // no empty box
    await expect(painted.locator('.pay-area').innerText()).resolves.toBe(
      'This store takes Apple Pay with JavaScript: turn it on to see the button.',
    );
    await painted.close();
    // Once running, the same totals (the page's first paint matches the script's order).
    await expect(page.locator('#summary-total').innerText()).resolves.toBe('EUR 49.00');
    await expect(page.locator('#mode').innerText()).resolves.toBe('Connect emulator');
  });

  it('shows the button in a phone’s first screen, below the product', async () => {
    const phone = await openDemo({ width: 390, height: 844 });
    const button = await phone.locator('apple-pay-session-button').boundingBox();
    const product = await phone.locator('.product').boundingBox();
    await phone.screenshot({ path: `${SCREENSHOTS}phone.png` });
    await phone.close();
    expect(button!.y).toBeGreaterThan(product!.y + product!.height);
    expect(button!.y + button!.height).toBeLessThanOrEqual(844);
    expect(button!.width).toBeGreaterThanOrEqual(300);
  });

  it('keeps the product picture inside its card on a desktop', async () => {
    const picture = await page.locator('.picture').boundingBox();
    const card = await page.locator('.product').boundingBox();
    expect(picture!.x + picture!.width).toBeLessThanOrEqual(card!.x + card!.width);
  });

  it('keeps keyboard focus in the open sheet, and the page behind it out of reach', async () => {
    const currency = page.locator('#currency');
    await page.click('apple-pay-session-button');
    await sheet('.pay:not([disabled])').waitFor();
    await expect(focused()).resolves.toBe('apple-pay-simulator-sheet > dialog');
    // Round the sheet's controls both ways, more times than it has controls: never out to the page.
    const visited = new Set<string>();
    for (const key of [...Array<string>(7).fill('Tab'), ...Array<string>(7).fill('Shift+Tab')]) {
      await page.keyboard.press(key);
      const where = await focused();
      expect(where, `after ${key}`).toMatch(/^apple-pay-simulator-sheet > (button|select)$/);
      visited.add(where);
    }
    expect(visited).toEqual(
      new Set(['apple-pay-simulator-sheet > button', 'apple-pay-simulator-sheet > select']),
    );
    // The page is inert: its currency select takes no focus, no keys and no clicks while the sheet is open.
    await page.evaluate(() => document.querySelector<HTMLElement>('#currency')!.focus());
    await expect(focused()).resolves.toMatch(/^(body|apple-pay-simulator-sheet > .*)$/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.type('u');
    const box = (await currency.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.press('ArrowDown');
    await expect(currency.inputValue()).resolves.toBe('EUR');
    await expect(sheet('.total').innerText()).resolves.toMatch(/EUR 49\.00$/);
    // Closed: the page takes focus again, from the button that opened the sheet.
    await sheet('.cancel').click();
    await page.waitForSelector('apple-pay-simulator-sheet section', { state: 'detached' });
    await expect(page.locator('[inert]').count()).resolves.toBe(0);
    await expect(focused()).resolves.toBe('apple-pay-session-button > apple-pay-button > button');
    await currency.focus();
    await page.keyboard.press('ArrowDown');
    await expect(currency.inputValue()).resolves.toBe('USD');
    expect(pageErrors).toEqual([]);
  });

  it.each([
    ['a desktop', { width: 1280, height: 800 }],
    ['a phone', { width: 390, height: 844 }],
  ])('shows every option of every select whole on %s', async (_, viewport) => {
    const sized = await openDemo(viewport);
    // What each option needs: the same select in the same place (its font), sized by the browser for that option.
    const cut = await sized.evaluate(() =>
      [...document.querySelectorAll('select')].flatMap((select) =>
        [...select.options].flatMap((option) => {
          const probe = select.cloneNode(false) as HTMLSelectElement;
          probe.removeAttribute('id');
          probe.style.cssText = 'position:absolute;inline-size:auto;max-inline-size:none';
          probe.append(new Option(option.text));
          select.after(probe);
          const needed = probe.offsetWidth;
          probe.remove();
          return needed > select.offsetWidth
            ? [`#${select.id} "${option.text}": ${needed} px > ${select.offsetWidth} px`]
            : [];
        }),
      ),
    );
    await sized.close();
    expect(cut).toEqual([]);
  });

  it('puts the white button on a dark panel, so that it has an edge on the white card', async () => {
    await page.selectOption('#button-style', 'white');
    const apple = page.locator('apple-pay-session-button apple-pay-button');
    await expect.poll(() => apple.getAttribute('buttonstyle')).toBe('white');
    const box = (await apple.boundingBox())!;
    // The pixels just outside the button, against the button's own white.
    const ring = await page.screenshot({
      clip: { x: box.x - 4, y: box.y - 4, width: box.width + 8, height: box.height + 8 },
    });
    const edge = await page.evaluate(
      async (png) => {
        const image = await createImageBitmap(await (await fetch(png)).blob());
        const canvas = new OffscreenCanvas(image.width, image.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const luminance = (x: number, y: number) => {
          const [r, g, b] = context.getImageData(x, y, 1, 1).data;
          return (r! + g! + b!) / 3;
        };
        return {
          outside: luminance(1, Math.round(image.height / 2)),
          inside: luminance(12, Math.round(image.height / 2)),
        };
      },
      `data:image/png;base64,${ring.toString('base64')}`,
    );
    expect(edge.inside).toBeGreaterThan(240); // the white button
    expect(edge.inside - edge.outside).toBeGreaterThan(100); // a dark edge around it
    await page.screenshot({ path: `${SCREENSHOTS}white-button.png`, clip: box });
  });
});
