// What the double takes as the page's answers, as WebKit's ApplePaySession.cpp and
// ApplePayPaymentAuthorizationResult.cpp do: selection updates (and their version 1–2 status forms),
// completePayment results, ApplePayError; and what the device does on its own: the statics, the
// merchant-validation timeout, the back-forward cache.
import { describe, expect, it } from 'vitest';
import { applePay, FakeApplePaySession } from './support/apple-pay-session-double.js';
import { inGesture, outcome } from './support/in-gesture.js';
import { plainRequest } from './support/payment-requests.js';

const request = plainRequest;
const total = { label: 'Shop', amount: '2.00' };
const ACCEPTED = 'accepted';
const ACCESS = 'InvalidAccessError: ';
const nextTask = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

const validated = async () => {
  const session = await inGesture(() => {
    const session = new FakeApplePaySession(15, request);
    session.begin();
    return session;
  });
  await nextTask();
  session.completeMerchantValidation({ merchantSessionIdentifier: 'x' });
  return session;
};
const cancelled = (session: FakeApplePaySession) =>
  new Promise<Event & { sessionError?: unknown }>((resolve) =>
    session.addEventListener('cancel', resolve),
  );

describe('ApplePayError', () => {
  it('is a global with Safari’s codes and contact fields', () => {
    const error = new ApplePayError('shippingContactInvalid', 'postalCode', 'No delivery there');
    expect(error).toMatchObject({
      code: 'shippingContactInvalid',
      contactField: 'postalCode',
      message: 'No delivery there',
    });
    expect(new ApplePayError('couponCodeExpired')).toMatchObject({ message: '' });
    const refused = [
      () => new ApplePayError('invalidCard' as 'unknown'),
      () => new ApplePayError('unknown', 'street' as 'addressLines'),
      () => new (ApplePayError as unknown as new () => ApplePayError)(),
    ].map(outcome);
    expect(refused).toEqual([
      'TypeError: Type error',
      'TypeError: Type error',
      'TypeError: Not enough arguments',
    ]);
  });
});

describe('completePayment', () => {
  it.each([
    [0, 'completed'],
    [{ status: 1 }, 'completed'],
    [{ status: 1, errors: [] }, 'completed'],
    // Failures that name their errors, statuses 2–4 among them, and the PIN statuses leave the sheet open.
    [2, 'active'],
    [{ status: 3 }, 'active'],
    [4, 'active'],
    [5, 'active'],
    [{ status: 6 }, 'active'],
    [7, 'active'],
  ])('takes %j and leaves the session %s', async (result, state) => {
    const session = await validated();
    session.authorize();
    session.completePayment(result as number);
    expect(session.state).toBe(state);
    expect(applePay.active).toBe(state === 'active' ? session : undefined);
    if (state === 'active') session.abort();
  });

  it('returns the sheet to the customer for a failure with ApplePayErrors, and refuses other errors', async () => {
    const session = await validated();
    session.authorize();
    expect(
      outcome(() =>
        session.completePayment({ status: 1, errors: [new Error('postal code')] as never }),
      ),
    ).toBe('TypeError: Type error');
    session.completePayment({
      status: 1,
      errors: [new ApplePayError('billingContactInvalid', 'postalCode')],
    });
    expect(session.state).toBe('active');
    session.authorize();
    session.completePayment({ status: 0 });
    expect(session.state).toBe('completed');
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it('refuses an unknown status, a missing one and a bad order URL', async () => {
    const session = await validated();
    session.authorize();
    const orderDetails = {
      orderTypeIdentifier: 'com.shop.order',
      orderIdentifier: '1',
      authenticationToken: 't',
    };
    expect(
      [
        () => session.completePayment(8),
        () => session.completePayment(undefined as unknown as number),
        () =>
          session.completePayment({
            status: 0,
            orderDetails: { ...orderDetails, webServiceURL: 'orders' },
          }),
      ].map(outcome),
    ).toEqual([
      ACCESS,
      'TypeError: Member ApplePayPaymentAuthorizationResult.status is required and must be an instance of unsigned short',
      'TypeError: "orders" is not a valid URL.',
    ]);
    session.completePayment({
      status: 0,
      orderDetails: { ...orderDetails, webServiceURL: 'https://shop.example/orders' },
    });
    expect(session.state).toBe('completed');
    expect(applePay.takeMisuses()).toHaveLength(3);
  });
});

describe('selection answers', () => {
  const method: ApplePayJS.ApplePayShippingMethod = {
    label: 'Post',
    detail: '2 days',
    amount: '4.95',
    identifier: 'post',
  };
  /** A validated session waiting on `event`, answered by the test. */
  const selecting = async (event: Parameters<FakeApplePaySession['select']>[0]) => {
    const session = await validated();
    session.addEventListener(event, () => {});
    session.select(event, {});
    return session;
  };

  it.each([
    ['paymentmethodselected', 'completePaymentMethodSelection'],
    ['shippingmethodselected', 'completeShippingMethodSelection'],
    ['shippingcontactselected', 'completeShippingContactSelection'],
    ['couponcodechanged', 'completeCouponCodeChange'],
  ] as const)('%s takes %s with a valid update, and no other answer', async (event, answer) => {
    const session = await selecting(event);
    const complete = (update: unknown) => () => (session[answer] as (u: unknown) => void)(update);
    const other =
      answer === 'completeCouponCodeChange'
        ? 'completePaymentMethodSelection'
        : 'completeCouponCodeChange';
    expect(
      [
        () => (session[other] as (u: unknown) => void)({ newTotal: total }),
        complete({ newLineItems: [] }),
        complete({ newTotal: { label: 'Shop', amount: '2,00' } }),
        complete({ newTotal: { label: 'Shop', amount: '-2.00' } }),
        complete({ newTotal: total, newLineItems: [{ label: 'Tax', amount: 'x' }] }),
        complete({ newTotal: total, newLineItems: [{ label: 'Shipping', type: 'pending' }] }),
      ].map(outcome),
    ).toEqual([
      ACCESS,
      'TypeError: Member ApplePayDetailsUpdateBase.newTotal is required and must be an instance of ApplePayLineItem',
      'TypeError: "2,00" is not a valid amount.',
      'TypeError: Total amount must not be negative.',
      'TypeError: "x" is not a valid amount.',
      ACCEPTED,
    ]);
    expect(session.pendingSelection).toBeUndefined();
    expect(outcome(complete({ newTotal: total }))).toBe(ACCESS);
    expect(applePay.takeMisuses()).toHaveLength(6);
  });

  it('checks the errors and shipping methods of contact and coupon updates', async () => {
    const session = await selecting('shippingcontactselected');
    expect(
      [
        () =>
          session.completeShippingContactSelection({
            newTotal: total,
            errors: [{ code: 'unknown' }],
          }),
        () =>
          session.completeShippingContactSelection({
            newTotal: total,
            newShippingMethods: [{ ...method, amount: 'free' }],
          }),
        () =>
          session.completeShippingContactSelection({
            newTotal: total,
            newShippingMethods: [method],
            errors: [new ApplePayError('addressUnserviceable', 'country', 'We do not ship there')],
          }),
      ].map(outcome),
    ).toEqual(['TypeError: Type error', 'TypeError: "free" is not a valid amount.', ACCEPTED]);
    expect(applePay.takeMisuses()).toHaveLength(2);
  });

  it('answers an event nobody listens to by itself, as Safari does', async () => {
    const session = await validated();
    let heard = 0;
    session.addEventListener('paymentmethodselected', () => heard++);
    session.select('shippingmethodselected', { shippingMethod: method });
    expect(session.pendingSelection).toBeUndefined();
    session.select('paymentmethodselected', { paymentMethod: { type: 'debit' } });
    expect([heard, session.pendingSelection]).toEqual([1, 'paymentmethodselected']);
  });

  it('takes the version 1–2 status forms', async () => {
    const session = await selecting('shippingcontactselected');
    session.completeShippingContactSelection(3, [method], total, []);
    const { update } = session.selectionUpdates[0] as { update: { errors: ApplePayError[] } };
    expect(update.errors[0]).toMatchObject({
      code: 'shippingContactInvalid',
      contactField: 'postalAddress',
    });
    session.select('paymentmethodselected', {});
    expect(session.pendingSelection).toBeUndefined(); // nobody listens: Safari answered
    session.addEventListener('paymentmethodselected', () => {});
    session.select('paymentmethodselected', {});
    session.completePaymentMethodSelection(total, []);
    session.addEventListener('shippingmethodselected', () => {});
    session.select('shippingmethodselected', {});
    expect(outcome(() => session.completeShippingMethodSelection(8, total, []))).toBe(ACCESS);
    session.completeShippingMethodSelection(0, total, []);
    expect(session.selectionUpdates).toHaveLength(3);
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it('cancels the sheet for a version 1–2 failure status on a shipping method', async () => {
    const session = await selecting('shippingmethodselected');
    const cancel = cancelled(session);
    session.completeShippingMethodSelection(ApplePaySession.STATUS_FAILURE, total, []);
    expect(session.state).toBe('cancel-requested');
    expect(outcome(() => session.completePayment(0))).toBe(ACCESS);
    await cancel;
    expect(session.state).toBe('canceled');
    expect(applePay.takeMisuses()).toHaveLength(1);
  });
});

describe('the statics', () => {
  it('supportsVersion takes an unsigned long, and throws for 0', () => {
    expect(
      [15, 16, 3.7, '2', -1].map((v) => FakeApplePaySession.supportsVersion(v as number)),
    ).toEqual([
      true,
      false,
      true,
      true,
      false, // -1 is 4294967295 to the bindings
    ]);
    expect(
      [0, Number.NaN, 'x'].map((v) =>
        outcome(() => FakeApplePaySession.supportsVersion(v as number)),
      ),
    ).toEqual([ACCESS, ACCESS, ACCESS]);
    applePay.maxVersion = 3;
    expect(FakeApplePaySession.supportsVersion(4)).toBe(false);
    expect(applePay.takeMisuses().map((m) => m.method)).toEqual(Array(3).fill('supportsVersion'));
  });

  it('answers canMakePayments and canMakePaymentsWithActiveCard from the device', async () => {
    applePay.canMakePayments = false;
    expect(FakeApplePaySession.canMakePayments()).toBe(false);
    expect(await FakeApplePaySession.canMakePaymentsWithActiveCard('merchant.example')).toBe(false);
    const noArgument = FakeApplePaySession.canMakePaymentsWithActiveCard as () => Promise<boolean>;
    expect(outcome(() => noArgument())).toBe('TypeError: Not enough arguments');
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it('opens the payment setup only inside a user gesture', async () => {
    expect(outcome(() => FakeApplePaySession.openPaymentSetup('merchant.example'))).toBe(
      'InvalidAccessError: Must call ApplePaySession.openPaymentSetup from a user gesture handler.',
    );
    expect(await inGesture(() => FakeApplePaySession.openPaymentSetup('merchant.example'))).toBe(
      true,
    );
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it('has Safari’s status constants', () => {
    expect([
      FakeApplePaySession.STATUS_SUCCESS,
      FakeApplePaySession.STATUS_FAILURE,
      FakeApplePaySession.STATUS_INVALID_BILLING_POSTAL_ADDRESS,
      FakeApplePaySession.STATUS_INVALID_SHIPPING_POSTAL_ADDRESS,
      FakeApplePaySession.STATUS_INVALID_SHIPPING_CONTACT,
      FakeApplePaySession.STATUS_PIN_REQUIRED,
      FakeApplePaySession.STATUS_PIN_INCORRECT,
      FakeApplePaySession.STATUS_PIN_LOCKOUT,
    ]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('what the device does on its own', () => {
  it('cancels the sheet when merchant validation takes too long', async () => {
    applePay.merchantValidationTimeout = 50;
    const session = await inGesture(() => {
      const session = new FakeApplePaySession(15, request);
      session.begin();
      return session;
    });
    const event = await cancelled(session);
    expect(event.sessionError).toEqual({ code: 'unknown', info: {} });
    expect(session.state).toBe('canceled');
    expect(outcome(() => session.completeMerchantValidation({}))).toBe(ACCESS);
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it('keeps a sheet whose merchant validation completed in time', async () => {
    applePay.merchantValidationTimeout = 200;
    const session = await inGesture(() => {
      const session = new FakeApplePaySession(15, request);
      session.onvalidatemerchant = () => session.completeMerchantValidation({ a: 1 });
      session.begin();
      return session;
    });
    await nextTask(400);
    expect([session.state, session.awaitingValidation]).toEqual(['active', false]);
    session.abort();
  });

  it('cancels an active session when the page enters the back-forward cache', async () => {
    const session = await validated();
    const idle = await inGesture(() => new FakeApplePaySession(15, request));
    const cancel = cancelled(session);
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    await nextTask();
    expect(session.state).toBe('active');
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    expect(session.state).toBe('active'); // the page's own pagehide handlers run first
    expect((await cancel).sessionError).toEqual({ code: 'unknown', info: {} });
    expect([session.state, idle.state, applePay.active]).toEqual(['canceled', 'idle', undefined]);
  });
});
