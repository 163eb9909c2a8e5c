// A configured element, an event recorder, and a real (trusted) click.
import { fixture, html } from '@open-wc/testing';
import { vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../src/index.js';
import type { ApplePaySessionButton } from '../../src/element.js';

export const CLIENT_SESSION_ID = 'csid-7f3a9c2e41b84d0e';
export const CUSTOMER_ID = '9991-0b1c2d3e4f5a';
export const CLIENT_API_URL = 'https://ams1.preprod.api-ingenico.com/client/v1';
export const DISPLAY_NAME = 'Example Shop';

/** A checkout's attributes: a client session, the merchant's name and an order. */
const CHECKOUT = {
  'client-session-id': CLIENT_SESSION_ID,
  'customer-id': CUSTOMER_ID,
  'client-api-url': CLIENT_API_URL,
  'display-name': DISPLAY_NAME,
  'country-code': 'NL',
  'currency-code': 'EUR',
  amount: '12.50',
};

/**
 * A fully configured button; `attributes` override or (as `null`) remove the defaults; `properties` are set
 * first.
 */
export async function payButton(
  attributes: Record<string, string | null> = {},
  properties: Partial<ApplePaySessionButton> = {},
): Promise<ApplePaySessionButton> {
  const el = await fixture<ApplePaySessionButton>(
    html`<apple-pay-session-button></apple-pay-session-button>`,
  );
  Object.assign(el, properties);
  const defaults = { ...CHECKOUT, 'supported-networks': 'visa masterCard amex' };
  for (const [name, value] of Object.entries({ ...defaults, ...attributes })) {
    if (value === null) el.removeAttribute(name);
    else el.setAttribute(name, value);
  }
  await el.updateComplete;
  await until(() => el.available, 2000, 'the button to become available');
  return el;
}

/**
 * A button configured from its first moment, as a page's markup would have it, connected but not awaited:
 * for tests of what happens before it is available. `attributes` add to or override the defaults.
 */
export async function markupButton(
  attributes: Record<string, string> = {},
): Promise<ApplePaySessionButton> {
  const host = await fixture<HTMLElement>(html`<div></div>`);
  const el = document.createElement('apple-pay-session-button');
  for (const [name, value] of Object.entries({ ...CHECKOUT, ...attributes }))
    el.setAttribute(name, value);
  return host.appendChild(el);
}

/**
 * A button whose client sessions come from a sessionProvider: `${prefix}-0` to availability's product look-up,
 * then `${prefix}-1`, `${prefix}-2`, … to each merchant validation.
 */
export async function providerButton(prefix: string): Promise<ApplePaySessionButton> {
  let issued = 0;
  return payButton(
    { 'client-session-id': null, 'customer-id': null, 'client-api-url': null },
    {
      sessionProvider: async () => ({
        clientSessionId: `${prefix}-${issued++}`,
        customerId: CUSTOMER_ID,
        clientApiUrl: CLIENT_API_URL,
      }),
    },
  );
}

export type RecordedEvent = { type: string; detail: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const EVENT_TYPES = [
  'apple-pay-availability',
  'apple-pay-start',
  'apple-pay-payment-method-selected',
  'apple-pay-shipping-method-selected',
  'apple-pay-shipping-contact-selected',
  'apple-pay-coupon-code-changed',
  'apple-pay-merchant-validated',
  'apple-pay-authorized',
  'apple-pay-cancel',
  'apple-pay-error',
];

/**
 * The `apple-pay-*` events the element fires, in order, as seen by a listener on the document:
 * those of the payment flow, or the `types` given.
 */
export function recordEvents(types = EVENT_TYPES.slice(1)): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  const record = (event: Event) =>
    events.push({ type: event.type, detail: (event as CustomEvent).detail });
  for (const type of types) document.addEventListener(type, record);
  return events;
}

/** Every value the `available` attribute takes, from now on: proves the button never shows, then hides. */
export function watchAvailable(el: HTMLElement): boolean[] {
  const seen = [el.hasAttribute('available')];
  new MutationObserver(() => seen.push(el.hasAttribute('available'))).observe(el, {
    attributeFilter: ['available'],
  });
  return seen;
}

/**
 * A trusted click on a visible button of the page that calls `el.start()`: what a click on a hidden element
 * would do, where Playwright cannot click it.
 */
export async function startFromGesture(el: { start(): void }): Promise<void> {
  const trigger = document.body.appendChild(document.createElement('button'));
  trigger.textContent = 'Pay';
  trigger.addEventListener('click', () => el.start());
  await userEvent.click(trigger);
  trigger.remove();
}

/** A trusted click, as a customer's: Playwright input, not `el.click()`. */
export async function click(el: HTMLElement): Promise<void> {
  await userEvent.click(el);
}

/** Resolves when `condition()` holds, polling each task; fails after `timeout` ms. */
export async function until(
  condition: () => unknown,
  timeout = 2000,
  what = String(condition),
): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Makes this browser claim WebKit's `-apple-pay-button` appearance, as Safari does (undo: vi.restoreAllMocks). */
export function pretendWebKitDrawsApplePayButtons(): void {
  const supports = CSS.supports.bind(CSS);
  vi.spyOn(CSS, 'supports').mockImplementation((property: string, value?: string) =>
    property === '-webkit-appearance' && value === '-apple-pay-button'
      ? true
      : supports(property, value!),
  );
}
