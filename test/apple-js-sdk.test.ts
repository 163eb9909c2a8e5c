// Third-party browsers with Apple's JS SDK: applePayCapabilities decides availability, Apple's own
// <apple-pay-button> is drawn, and a click through it still creates the session inside the gesture.
import { expect as chaiExpect } from '@open-wc/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { appleJsSdk, installAppleJsSdk } from '../src/testing/apple-js-sdk.js';
import { applePay } from './support/apple-pay-session-double.js';
import {
  markupButton,
  payButton,
  recordEvents,
  until,
  pretendWebKitDrawsApplePayButtons,
} from './support/fixtures.js';

const MERCHANT = 'merchant.com.example.shop';

beforeEach(() => {
  installAppleJsSdk();
  Object.assign(appleJsSdk, {
    credentialStatus: 'paymentCredentialsAvailable',
    asked: [],
    failure: undefined,
  });
});
afterEach(() => vi.restoreAllMocks());

describe('availability with applePayCapabilities', () => {
  it.each([
    ['paymentCredentialsAvailable', true],
    ['paymentCredentialStatusUnknown', true],
    ['paymentCredentialsUnavailable', true],
    ['applePayUnsupported', false],
  ] as const)('%s: available %s, exposed as credentialStatus', async (status, available) => {
    appleJsSdk.credentialStatus = status;
    applePay.canMakePayments = false; // proves canMakePayments() is not what decides
    const events = recordEvents(['apple-pay-availability']);
    const el = await payButton({ 'merchant-identifier': MERCHANT }).catch(() =>
      document.querySelector('apple-pay-session-button')!,
    );
    await until(() => events.length > 0);
    expect(events[0]!.detail).toMatchObject({ available, credentialStatus: status });
    expect(el.credentialStatus).toBe(status);
    expect(el.available).toBe(available);
    expect(appleJsSdk.asked).toEqual([MERCHANT]);
  });

  it('keeps canMakePayments() without a merchant identifier', async () => {
    applePay.canMakePayments = false;
    const events = recordEvents(['apple-pay-availability']);
    await markupButton();
    await until(() => events.length > 0);
    expect(events[0]!.detail).toEqual({ available: false, reason: 'cannot-make-payments' });
    expect(appleJsSdk.asked).toEqual([]);
  });

  it('falls back to canMakePayments() when applePayCapabilities fails', async () => {
    appleJsSdk.failure = new Error('SDK not ready');
    const el = await payButton({ 'merchant-identifier': MERCHANT });
    expect(el.available).toBe(true);
    expect(el.credentialStatus).toBeUndefined();
  });
});

describe('Apple’s own button', () => {
  it('is drawn with our type, style and language where WebKit has no native button', async () => {
    const el = await payButton({
      'button-type': 'check-out',
      'button-style': 'white-outline',
      locale: 'de-DE',
    });
    const apple = el.shadowRoot!.querySelector('apple-pay-button')!;
    expect(apple).not.toBeNull();
    expect([
      apple.getAttribute('type'),
      apple.getAttribute('buttonstyle'),
      apple.getAttribute('locale'),
    ]).toEqual(['check-out', 'white-outline', 'de-DE']);
    expect(apple.getAttribute('part')).toBe('button');
    expect(el.shadowRoot!.querySelector('button')).toBeNull();
    expect(apple.getBoundingClientRect().width).toBe(240);
    await chaiExpect(el).to.be.accessible();
  });

  it('starts the session inside the gesture when clicked, and from the keyboard', async () => {
    const events = recordEvents();
    const el = await payButton({ 'merchant-identifier': MERCHANT });
    await userEvent.click(el.shadowRoot!.querySelector('apple-pay-button')!);
    await until(() => events.some((e) => e.type === 'apple-pay-merchant-validated'));
    applePay.last.cancel();
    (
      el
        .shadowRoot!.querySelector('apple-pay-button')!
        .shadowRoot!.querySelector('[role=button]') as HTMLElement
    ).focus();
    await userEvent.keyboard('{Enter}');
    await until(() => applePay.sessions.length === 2);
    expect(applePay.misuses).toEqual([]);
  });

  it('gives way to WebKit’s native button where it exists', async () => {
    pretendWebKitDrawsApplePayButtons();
    const el = await payButton();
    expect(el.shadowRoot!.querySelector('apple-pay-button')).toBeNull();
    expect(el.shadowRoot!.querySelector('button.native')).not.toBeNull();
  });
});
