import { describe, expect, it } from 'vitest';
import { applePay } from './support/apple-pay-session-double.js';
import { click, payButton, recordEvents, until } from './support/fixtures.js';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

async function validated() {
  const events = recordEvents();
  const el = await payButton();
  el.paymentRequest = { lineItems: [{ label: 'Shirt', amount: '12.50' }] };
  await el.updateComplete;
  await click(el);
  await until(() => events.some((e) => e.type === 'apple-pay-merchant-validated'));
  return { el, events, session: applePay.last };
}

const newTotal = { label: 'Example Shop', amount: '17.45' };
const newLineItems = [
  { label: 'Shirt', amount: '12.50' },
  { label: 'Express shipping', amount: '4.95' },
];

describe.each([
  [
    'paymentmethodselected',
    'apple-pay-payment-method-selected',
    'paymentMethod',
    { type: 'credit', network: 'Visa', displayName: 'Visa 1234' },
    'completePaymentMethodSelection',
  ],
  [
    'shippingmethodselected',
    'apple-pay-shipping-method-selected',
    'shippingMethod',
    { label: 'Express', amount: '4.95', identifier: 'express', detail: '1 day' },
    'completeShippingMethodSelection',
  ],
  [
    'shippingcontactselected',
    'apple-pay-shipping-contact-selected',
    'shippingContact',
    { countryCode: 'NL', postalCode: '1011' },
    'completeShippingContactSelection',
  ],
  [
    'couponcodechanged',
    'apple-pay-coupon-code-changed',
    'couponCode',
    'WELCOME10',
    'completeCouponCodeChange',
  ],
] as const)('%s', (safariEvent, ourEvent, field, value, method) => {
  it(`fires ${ourEvent} with the ${field} and completes with the merchant's update`, async () => {
    const { el, session } = await validated();
    let detail: Record<string, unknown> | undefined;
    el.addEventListener(ourEvent, (event) => {
      detail = (event as CustomEvent).detail;
      (event as CustomEvent).detail.complete({ newTotal, newLineItems });
    });
    session.select(safariEvent, { [field]: value });
    await tick();
    expect(detail?.[field]).toEqual(value);
    expect(session.selectionUpdates).toEqual([{ method, update: { newTotal, newLineItems } }]);
    expect(session.pendingSelection).toBeUndefined();
  });

  it('completes with the current totals when nobody answers', async () => {
    const { session } = await validated();
    session.select(safariEvent, { [field]: value });
    await tick();
    expect(session.selectionUpdates).toEqual([
      {
        method,
        update: {
          newTotal: { label: 'Example Shop', amount: '12.50', type: 'final' },
          newLineItems: [{ label: 'Shirt', amount: '12.50' }],
        },
      },
    ]);
  });

  it('waits for a Promise, and keeps the sheet’s totals when it rejects', async () => {
    const { el, session } = await validated();
    let answer!: (update: object) => void;
    el.addEventListener(ourEvent, (event) =>
      (event as CustomEvent).detail.complete(new Promise((resolve) => (answer = resolve))),
    );
    session.select(safariEvent, { [field]: value });
    await tick(20);
    expect(session.selectionUpdates).toEqual([]);
    answer({ newTotal, newLineItems });
    await until(() => session.selectionUpdates.length === 1);
    expect(session.selectionUpdates[0]!.update).toEqual({ newTotal, newLineItems });
  });
});

describe('selection answers', () => {
  it('carry the latest totals forward to the next unanswered selection', async () => {
    const { el, session } = await validated();
    el.addEventListener('apple-pay-shipping-method-selected', (event) =>
      event.detail.complete({ newTotal, newLineItems }),
    );
    session.select('shippingmethodselected', {
      shippingMethod: { label: 'Express', amount: '4.95', identifier: 'x', detail: '' },
    });
    await tick();
    session.select('paymentmethodselected', { paymentMethod: { type: 'debit' } });
    await tick();
    expect(session.selectionUpdates[1]).toEqual({
      method: 'completePaymentMethodSelection',
      update: { newTotal, newLineItems },
    });
  });

  it('fall back to the sheet’s totals when Safari refuses the update, or the Promise rejects', async () => {
    const { el, session } = await validated();
    const answers = [
      () => ({ newTotal: { label: 'Total', amount: '12,50' } }),
      () => Promise.reject(new Error('pricing service down')),
    ];
    el.addEventListener('apple-pay-payment-method-selected', (event) =>
      event.detail.complete(answers.shift()!() as object),
    );
    session.select('paymentmethodselected', { paymentMethod: { type: 'debit' } });
    await until(() => session.selectionUpdates.length === 1);
    expect(applePay.takeMisuses()).toEqual([
      {
        method: 'completePaymentMethodSelection',
        error: 'TypeError: "12,50" is not a valid amount.',
      },
    ]);
    session.select('paymentmethodselected', { paymentMethod: { type: 'credit' } });
    await until(() => session.selectionUpdates.length === 2);
    for (const { update } of session.selectionUpdates)
      expect(update).toMatchObject({ newTotal: { label: 'Example Shop', amount: '12.50' } });
    expect(session.state).toBe('active');
  });

  it('are not sent once the customer cancelled', async () => {
    const { el, session } = await validated();
    let answer!: (update: object) => void;
    el.addEventListener('apple-pay-coupon-code-changed', (event) =>
      event.detail.complete(new Promise((resolve) => (answer = resolve))),
    );
    session.select('couponcodechanged', { couponCode: 'X' });
    session.cancel();
    answer({ newTotal });
    await tick(20);
    expect(session.selectionUpdates).toEqual([]);
  });
});

describe('the request at the browser’s version', () => {
  it('refuses a recurring payment where the browser would silently drop it (Safari 15.4, at version 13)', async () => {
    applePay.setDevice('safari-15.4');
    const events = recordEvents();
    const el = await payButton();
    el.paymentRequest = {
      recurringPaymentRequest: {
        paymentDescription: 'Membership',
        regularBilling: { label: 'Monthly', amount: '12.50', paymentTiming: 'recurring' },
        managementURL: 'https://shop.example/account',
      },
    };
    await click(el);
    expect(applePay.active).toBeUndefined();
    expect(events.filter((e) => e.type === 'apple-pay-error').map((e) => e.detail)).toEqual([
      {
        stage: 'configuration',
        error: expect.objectContaining({
          code: 'configuration',
          message: 'this browser does not support recurringPaymentRequest',
        }),
      },
    ]);
  });

  it('passes recurring, deferred and automatic-reload requests through where supported', async () => {
    const el = await payButton();
    const recurringPaymentRequest = {
      paymentDescription: 'Membership',
      regularBilling: { label: 'Monthly', amount: '12.50', paymentTiming: 'recurring' as const },
      managementURL: 'https://shop.example/account',
    };
    el.paymentRequest = { recurringPaymentRequest };
    await click(el);
    expect(applePay.last.version).toBe(15);
    expect(applePay.last.request.recurringPaymentRequest).toEqual(recurringPaymentRequest);
  });

  it('hands Safari the coupon-code fields at a version before 12 too, as WebKit reads them at any', async () => {
    const el = await payButton({ version: '11' });
    el.paymentRequest = { supportsCouponCode: true, couponCode: 'WELCOME' };
    await click(el);
    expect(applePay.last.version).toBe(11);
    expect(applePay.last.request).toMatchObject({
      supportsCouponCode: true,
      couponCode: 'WELCOME',
    });
  });
});
