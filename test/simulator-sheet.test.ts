// The simulator's sheet, opened by real clicks on the element: it repeats the clicked button's words, and
// Escape dismisses it as a cancel, with focus back on the button.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { ApplePaySessionButton } from '../src/element.js';
import { installAppleJsSdk } from '../src/testing/apple-js-sdk.js';
import { ApplePaySimulatorSheet } from '../src/testing/sheet.js';
import { applePay } from './support/apple-pay-session-double.js';
import { connectApi, hang } from './support/connect-api-double.js';
import { payButton, recordEvents, until } from './support/fixtures.js';

let sheet: ApplePaySimulatorSheet;

beforeEach(() => {
  installAppleJsSdk();
  if (!customElements.get('apple-pay-simulator-sheet'))
    customElements.define('apple-pay-simulator-sheet', ApplePaySimulatorSheet);
  sheet = document.body.appendChild(new ApplePaySimulatorSheet()); // after the double's reset: it observes
});
afterEach(() => sheet.remove());

const dialog = () => sheet.shadowRoot!.querySelector<HTMLElement>('[role=dialog]');
const payOnSheet = () => sheet.shadowRoot!.querySelector<HTMLButtonElement>('.pay')!;
/** Apple's button inside the element: the element with the button role, in Apple's shadow root. */
const appleRole = (el: ApplePaySessionButton) =>
  el
    .shadowRoot!.querySelector('apple-pay-button')!
    .shadowRoot!.querySelector<HTMLElement>('[role=button]')!;

async function openSheet(attributes: Record<string, string>) {
  const el = await payButton(attributes);
  await userEvent.click(appleRole(el));
  await until(() => dialog() && !payOnSheet().disabled, 2000, 'the sheet to be ready');
  return el;
}

describe('the sheet’s words', () => {
  it.each([
    ['buy', 'en', 'Buy with Apple Pay'],
    ['donate', 'de-DE', 'Spenden mit Apple Pay'],
    ['check-out', 'ja-JP', 'Apple Payで支払いへ進む'],
    ['plain', 'fr-FR', 'Payer avec Apple Pay'], // a plain button pays
  ])('a %s button in %s opens a sheet that reads “%s”', async (type, locale, words) => {
    const el = await openSheet({ 'button-type': type, locale });
    expect(appleRole(el).textContent).toBe(type === 'plain' ? 'Apple Pay' : words);
    expect(payOnSheet().textContent!.trim()).toBe(words);
    expect(payOnSheet().lang).toBe(locale);
    applePay.last.cancel();
  });

  it('follows the button clicked last', async () => {
    const el = await openSheet({ 'button-type': 'buy' });
    applePay.last.cancel();
    await until(() => !dialog());
    el.buttonType = 'subscribe';
    await el.updateComplete;
    await userEvent.click(appleRole(el));
    await until(() => payOnSheet()?.textContent!.trim() === 'Subscribe with Apple Pay');
    applePay.last.cancel();
  });
});

describe('Escape', () => {
  it('cancels the session, closes the sheet and puts focus back on the button', async () => {
    const events = recordEvents(['apple-pay-cancel']);
    const el = await openSheet({ 'button-type': 'buy' });
    expect(sheet.shadowRoot!.activeElement).toBe(dialog()); // a keyboard user is on the sheet
    await userEvent.keyboard('{Escape}');
    expect(applePay.last.state).toBe('canceled');
    expect(events.map((e) => e.type)).toEqual(['apple-pay-cancel']);
    await until(() => !dialog(), 2000, 'the sheet to close');
    await until(() => document.activeElement === el);
    expect(el.shadowRoot!.activeElement!.shadowRoot!.activeElement).toBe(appleRole(el));
    expect(el.active).toBe(false);
  });

  it('also works while Connect is still answering merchant validation', async () => {
    connectApi.respond(hang);
    const el = await payButton({ 'button-type': 'buy' });
    el.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => connectApi.requests.length === 1);
    expect(dialog()).not.toBeNull();
    expect(applePay.last.awaitingValidation).toBe(true);
    await userEvent.keyboard('{Escape}');
    expect(applePay.last.state).toBe('canceled');
    await until(() => !dialog());
    expect(document.activeElement).toBe(el);
    expect(connectApi.last.signal.aborted).toBe(true);
  });

  it('does nothing without a sheet', async () => {
    const el = await payButton({ 'button-type': 'buy' });
    el.focus();
    await userEvent.keyboard('{Escape}');
    expect(applePay.sessions).toEqual([]);
    expect(document.activeElement).toBe(el);
  });
});
