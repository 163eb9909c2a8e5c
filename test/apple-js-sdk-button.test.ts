// The simulated Apple JS SDK's <apple-pay-button> as the element drives it: its words follow the type and the
// language, and a disabled button still takes focus, looks disabled and says so.
import { expect as chaiExpect } from '@open-wc/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { ApplePaySessionButton } from '../src/element.js';
import { appleButtonWords, installAppleJsSdk } from '../src/testing/apple-js-sdk.js';
import { applePay } from './support/apple-pay-session-double.js';
import { payButton, recordEvents } from './support/fixtures.js';

beforeEach(() => installAppleJsSdk());

const apple = (el: ApplePaySessionButton) =>
  el.shadowRoot!.querySelector<HTMLElement>('apple-pay-button')!;
/** The element with Apple's button role, inside Apple's element. */
const appleRole = (el: ApplePaySessionButton) =>
  apple(el).shadowRoot!.querySelector<HTMLElement>('[role=button]')!;

describe('the simulated button’s words', () => {
  it.each([
    ['buy', 'en-US', 'Buy with Apple Pay'],
    ['buy', 'de-DE', 'Kaufen mit Apple Pay'],
    ['check-out', 'nl-NL', 'Reken af met Apple Pay'],
    ['set-up', 'nl', 'Stel Apple Pay in'],
    ['donate', 'fr-FR', 'Faire un don avec Apple Pay'],
    ['buy', 'ja-JP', 'Apple Payで購入'],
    ['plain', 'de-DE', 'Apple Pay'],
    ['top-up', 'de-DE', 'Top up with Apple Pay'], // no translation: English words
    ['buy', 'sv-SE', 'Buy with Apple Pay'], // no such language: English words
  ])('type %s in %s reads “%s”', async (type, locale, words) => {
    const el = await payButton({ 'button-type': type, locale });
    expect(appleRole(el).textContent).toBe(words);
    expect(appleRole(el).lang).toBe(locale);
  });

  it('follows a change of locale, and the page’s language without one', async () => {
    const el = await payButton({ 'button-type': 'buy', locale: 'fr-FR' });
    expect(appleRole(el).textContent).toBe('Acheter avec Apple Pay');
    el.locale = 'ja-JP';
    await el.updateComplete;
    expect(appleRole(el).textContent).toBe('Apple Payで購入');
    el.locale = undefined;
    el.parentElement!.lang = 'nl';
    el.requestUpdate();
    await el.updateComplete;
    expect(apple(el).getAttribute('locale')).toBe('nl');
    expect(appleRole(el).textContent).toBe('Koop met Apple Pay');
  });

  it('puts the mark where the language puts it', () => {
    expect(appleButtonWords('buy', 'ja')).toEqual(['', 'で購入']);
    expect(appleButtonWords('set-up', 'de_DE')).toEqual(['', ' einrichten']);
    expect(appleButtonWords('plain')).toEqual(['', '']);
  });
});

describe('a disabled button drawn by Apple’s element', () => {
  it('takes focus from el.focus(), enabled or disabled', async () => {
    const el = await payButton({ 'button-type': 'buy' });
    el.focus();
    expect(document.activeElement).toBe(el);
    expect(apple(el).shadowRoot!.activeElement).toBe(appleRole(el));
    el.blur();
    el.disabled = true;
    await el.updateComplete;
    el.focus();
    expect(document.activeElement).toBe(el);
    expect(apple(el).shadowRoot!.activeElement).toBe(appleRole(el));
  });

  it('looks disabled and says so, and a click or a key starts nothing', async () => {
    const el = await payButton({ 'button-type': 'buy' });
    expect(getComputedStyle(apple(el)).opacity).toBe('1');
    el.disabled = true;
    await el.updateComplete;
    expect(getComputedStyle(apple(el)).opacity).toBe('0.5');
    expect(getComputedStyle(appleRole(el)).cursor).toBe('default');
    expect(appleRole(el).getAttribute('aria-disabled')).toBe('true');
    const events = recordEvents();
    await userEvent.click(appleRole(el), { force: true }); // Playwright would wait for an enabled button
    el.focus();
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard(' ');
    expect(applePay.sessions).toEqual([]);
    expect(events).toEqual([]);
    await chaiExpect(el).to.be.accessible();

    el.disabled = false;
    await el.updateComplete;
    expect(getComputedStyle(apple(el)).opacity).toBe('1');
    expect(appleRole(el).getAttribute('aria-disabled')).toBe('false');
    await userEvent.keyboard('{Enter}');
    expect(applePay.sessions).toHaveLength(1);
    applePay.last.cancel();
  });
});
