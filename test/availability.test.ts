import { fixture, html } from '@open-wc/testing';
import { describe, expect, it } from 'vitest';
import type { ApplePaySessionButton } from '../src/element.js';
import { applePay, uninstallApplePay } from './support/apple-pay-session-double.js';
import { connectApi, hang, json, productResponse } from './support/connect-api-double.js';
import {
  CLIENT_API_URL,
  CLIENT_SESSION_ID,
  CUSTOMER_ID,
  click,
  recordEvents,
  until,
  watchAvailable,
} from './support/fixtures.js';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const AVAILABILITY = ['apple-pay-availability', 'apple-pay-error'];

/** An element with a client session, not waited on: availability is what these tests watch. */
async function button(attributes = '') {
  const el = await fixture<ApplePaySessionButton>(html`<div></div>`);
  // Overrides first: of two equal attributes, the HTML parser keeps the first.
  el.innerHTML = `<apple-pay-session-button ${attributes} client-session-id="${CLIENT_SESSION_ID}" customer-id="${CUSTOMER_ID}"
    client-api-url="${CLIENT_API_URL}" display-name="Shop" country-code="NL" currency-code="EUR" amount="12.50">
    </apple-pay-session-button>`;
  return el.firstElementChild as ApplePaySessionButton;
}

const isHidden = (el: HTMLElement) => getComputedStyle(el).display === 'none';

describe('availability', () => {
  it('shows the button once Connect offers Apple Pay, with the networks it names', async () => {
    connectApi.respondToProduct(() => productResponse(['VISA', 'MASTERCARD']));
    const events = recordEvents(AVAILABILITY);
    const el = await button();
    expect(isHidden(el)).toBe(true);
    await until(() => el.available);
    expect(isHidden(el)).toBe(false);
    expect(el.hasAttribute('available')).toBe(true);
    expect(events.map((e) => e.detail)).toEqual([{ available: true }]);
    const lookup = new URL(connectApi.productRequests[0]!.url);
    expect(lookup.pathname).toBe(`/client/v1/${CUSTOMER_ID}/products/302`);
    expect(Object.fromEntries(lookup.searchParams)).toEqual({
      countryCode: 'NL',
      currencyCode: 'EUR',
      amount: '1250',
      isRecurring: 'false',
    });

    await click(el);
    expect(applePay.last.request.supportedNetworks).toEqual(['visa', 'masterCard']);
  });

  it('lets supported-networks override the networks Connect names, and still asks Connect', async () => {
    const el = await button('supported-networks="amex"');
    await until(() => el.available);
    expect(connectApi.productRequests).toHaveLength(1);
    await click(el);
    expect(applePay.last.request.supportedNetworks).toEqual(['amex']);
  });

  it.each([
    ['JPY', '1250', '1250'],
    ['KWD', '1.005', '1005'],
    ['EUR', '19.99', '1999'],
  ])('asks for %s %s in minor units: %s', async (currency, amount, minor) => {
    const el = await button(`currency-code="${currency}" amount="${amount}"`);
    await until(() => el.available);
    expect(new URL(connectApi.productRequests[0]!.url).searchParams.get('amount')).toBe(minor);
  });

  it('stays hidden where there is no ApplePaySession, and says why', async () => {
    uninstallApplePay();
    const events = recordEvents(AVAILABILITY);
    const el = await button();
    const seen = watchAvailable(el);
    await until(() => events.length > 0);
    expect(events.map((e) => e.detail)).toEqual([{ available: false, reason: 'unsupported' }]);
    expect(isHidden(el)).toBe(true);
    expect(seen).toEqual([false]);
    expect(connectApi.productRequests).toEqual([]);
  });

  it('stays hidden when canMakePayments() is false, or throws', async () => {
    applePay.canMakePayments = false;
    const events = recordEvents(AVAILABILITY);
    await button();
    await until(() => events.length > 0);
    expect(events[0]!.detail).toEqual({ available: false, reason: 'cannot-make-payments' });

    const original = (globalThis as unknown as { ApplePaySession: { canMakePayments(): boolean } })
      .ApplePaySession;
    const canMakePayments = original.canMakePayments;
    original.canMakePayments = () => {
      throw new DOMException(
        'Trying to call an ApplePaySession API from an insecure document.',
        'InvalidAccessError',
      );
    };
    try {
      const el = await button();
      await until(() => events.length > 1);
      expect(events[1]!.detail).toEqual({ available: false, reason: 'cannot-make-payments' });
      expect(isHidden(el)).toBe(true);
    } finally {
      original.canMakePayments = canMakePayments;
    }
  });

  it('stays hidden, without an error, when Connect does not offer Apple Pay (404)', async () => {
    connectApi.respondToProduct(() =>
      json(404, { errorId: 'e', errors: [{ code: '1007', message: 'UNKNOWN_PRODUCT_ID' }] }),
    );
    const events = recordEvents(AVAILABILITY);
    const el = await button();
    const seen = watchAvailable(el);
    await until(() => events.length > 0);
    await tick(20);
    expect(events.map((e) => e.detail)).toEqual([{ available: false, reason: 'not-offered' }]);
    expect(seen).toEqual([false]);
  });

  it('stays hidden and reports the error when the look-up fails', async () => {
    connectApi.respondToProduct(() =>
      json(401, {
        errorId: 'e',
        errors: [{ code: '9002', message: 'MISSING_OR_INVALID_AUTHORIZATION' }],
      }),
    );
    const events = recordEvents(AVAILABILITY);
    const el = await button();
    await until(() => events.length > 1);
    expect(events.map((e) => e.type)).toEqual(['apple-pay-availability', 'apple-pay-error']);
    expect(events[0]!.detail).toEqual({ available: false, reason: 'lookup-failed' });
    expect(events[1]!.detail).toMatchObject({
      stage: 'availability',
      error: { code: '9002', status: 401 },
    });
    expect(events[1]!.detail.error.message).not.toContain('MISSING_OR_INVALID_AUTHORIZATION');
    expect(isHidden(el)).toBe(true);
  });

  it('stays hidden without a client session, and says why (no-session)', async () => {
    const events = recordEvents(AVAILABILITY);
    const el = await fixture<ApplePaySessionButton>(
      html`<apple-pay-session-button display-name="Shop" amount="1.00"></apple-pay-session-button>`,
    );
    const seen = watchAvailable(el);
    await until(() => events.length > 0);
    await tick(20);
    expect(events.map((e) => e.detail)).toEqual([{ available: false, reason: 'no-session' }]);
    expect(isHidden(el)).toBe(true);
    expect(seen).toEqual([false]);
    expect(connectApi.productRequests).toEqual([]);
  });

  it('shows the button without a look-up when the client session is incomplete: the click reports it', async () => {
    const events = recordEvents(AVAILABILITY);
    const el = await button('customer-id=""');
    await until(() => el.available);
    expect(connectApi.productRequests).toEqual([]);
    await click(el);
    expect(applePay.sessions).toEqual([]);
    expect(events.at(-1)!.detail).toMatchObject({
      stage: 'configuration',
      error: { code: 'configuration', message: expect.stringMatching(/customer-id/) },
    });
  });

  it('checks again, once, after a burst of changes', async () => {
    const el = await button();
    await until(() => el.available);
    // As a shopper types: each change its own update (Lit would merge changes made in one task anyway).
    for (const amount of ['1', '12', '12.', '12.9', '12.99']) {
      el.amount = amount;
      await el.updateComplete;
      await tick(30);
    }
    await tick(400);
    expect(
      connectApi.productRequests.map((r) => new URL(r.url).searchParams.get('amount')),
    ).toEqual(['1250', '1299']);
  });

  it('hides the button when a new basket is not offered, and shows it again when it is', async () => {
    const events = recordEvents(AVAILABILITY);
    const el = await button();
    await until(() => el.available);
    connectApi.respondToProduct(() => json(404, { errorId: 'e', errors: [{ code: '1007' }] }));
    el.currencyCode = 'USD';
    await until(() => !el.available);
    connectApi.respondToProduct(() => productResponse());
    el.currencyCode = 'EUR';
    await until(() => el.available);
    expect(events.map((e) => e.detail.available)).toEqual([true, false, true]);
  });

  it('never lets a stale answer win, even where fetch ignores AbortSignal', async () => {
    const honouringFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => honouringFetch(input, { ...init, signal: null });
    let answerFirst!: (response: Response) => void;
    connectApi.respondToProduct(() => new Promise((resolve) => (answerFirst = resolve)));
    const el = await button();
    await until(() => connectApi.productRequests.length === 1);

    connectApi.respondToProduct(() => productResponse());
    el.amount = '20.00';
    await until(() => el.available, 2000);
    answerFirst(json(404, { errorId: 'e', errors: [{ code: '1007' }] }));
    await tick(50);
    expect(el.available).toBe(true);
  });

  it('cancels a look-up in flight when the element is removed', async () => {
    connectApi.respondToProduct(hang);
    const el = await button();
    await until(() => connectApi.productRequests.length === 1);
    el.remove();
    await tick();
    expect(connectApi.productRequests[0]!.signal.aborted).toBe(true);
  });
});
