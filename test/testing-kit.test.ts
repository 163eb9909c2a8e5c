// The test kit's controller (apple-pay-session-button/testing) playing the customer against the real element:
// each step waits for the page, and resolves to what the page answered.
import { describe, expect, it } from 'vitest';
import { applePaySimulator, testCards } from '../src/testing/index.js';
import { click, payButton } from './support/fixtures.js';

async function checkout() {
  applePaySimulator.install({ sheet: false });
  const el = await payButton();
  await click(el);
  return el;
}

describe('applePaySimulator', () => {
  it('pays with the chosen card and resolves to the page’s completion', async () => {
    const el = await checkout();
    let card: string | undefined;
    el.addEventListener('apple-pay-authorized', (event) => {
      card = event.detail.payment.token.paymentMethod.displayName;
      event.detail.complete({ status: ApplePaySession.STATUS_FAILURE });
    });
    await expect(applePaySimulator.authorize({ card: testCards.mastercard })).resolves.toEqual({
      status: 1,
    });
    expect(card).toBe('Mastercard 5454');
  });

  it('changes the shipping method and resolves to the page’s update', async () => {
    const el = await checkout();
    const newTotal = { label: 'Example Shop', amount: '17.45' };
    el.addEventListener('apple-pay-shipping-method-selected', (event) => {
      expect(event.detail.shippingMethod.identifier).toBe('express');
      event.detail.complete({ newTotal });
    });
    const update = await applePaySimulator.selectShippingMethod({
      label: 'Express',
      amount: '4.95',
      identifier: 'express',
      detail: '1 day',
    });
    expect(update).toMatchObject({ newTotal });
    await applePaySimulator.cancel();
  });

  it('enters a coupon code; without an answer the element completes with the current total', async () => {
    await checkout();
    const update = await applePaySimulator.changeCouponCode('WELCOME10');
    expect(update).toMatchObject({ newTotal: { amount: '12.50' } });
    await applePaySimulator.cancel();
  });

  it('says what the session was doing when a step cannot happen', async () => {
    applePaySimulator.install({ sheet: false });
    await expect(applePaySimulator.authorize({ timeout: 50 })).rejects.toThrow(
      'timed out waiting for a validated payment sheet (no ApplePaySession was created)',
    );
  });

  it('answers canMakePayments and supportsVersion as set', async () => {
    applePaySimulator.install({ sheet: false, canMakePayments: false, maxVersion: 6 });
    expect(ApplePaySession.canMakePayments()).toBe(false);
    expect([ApplePaySession.supportsVersion(6), ApplePaySession.supportsVersion(7)]).toEqual([
      true,
      false,
    ]);
  });
});
