// The double's session states and gesture rule, as WebKit's ApplePaySession.cpp has them. It must be as
// strict as Safari, or the element's tests would pass on code Safari rejects, and no stricter, or they would
// fail on code Safari runs.
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { applePay, FakeApplePaySession } from './support/apple-pay-session-double.js';
import { afterAwaitInGesture, inGesture, outcome } from './support/in-gesture.js';
import { plainRequest } from './support/payment-requests.js';

const request = plainRequest;

/** A begun session, and the validatemerchant event it will fire (listened for before it can fire). */
const begun = () =>
  inGesture(() => {
    const session = new FakeApplePaySession(15, request);
    const validation = new Promise<Event & { validationURL?: string }>((resolve) =>
      session.addEventListener('validatemerchant', resolve),
    );
    session.begin();
    return { session, validation };
  });
const validated = async () => {
  const { session, validation } = await begun();
  await validation;
  session.completeMerchantValidation({ merchantSessionIdentifier: 'x' });
  return session;
};

describe('the user gesture', () => {
  it('is a trusted click’s listener', async () => {
    expect((await inGesture(() => new FakeApplePaySession(15, request))).state).toBe('idle');
  });

  it('is a trusted click’s handler property', async () => {
    const button = document.body.appendChild(document.createElement('button'));
    let session: FakeApplePaySession | undefined;
    button.onclick = () => (session = new FakeApplePaySession(15, request));
    await userEvent.click(button);
    button.remove();
    expect(session?.state).toBe('idle');
  });

  it('is a trusted click’s inline handler attribute', async () => {
    const page = window as unknown as { payInline?: () => void };
    let session: FakeApplePaySession | undefined;
    page.payInline = () => (session = new FakeApplePaySession(15, request));
    const button = document.body.appendChild(document.createElement('button'));
    button.setAttribute('onclick', 'payInline()');
    await userEvent.click(button);
    button.remove();
    delete page.payInline;
    expect(session?.state).toBe('idle');
  });

  it('is not code outside any event', () => {
    expect(outcome(() => new FakeApplePaySession(15, request))).toBe(
      'InvalidAccessError: Must create a new ApplePaySession from a user gesture handler.',
    );
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it('is lost after one await in the click handler', async () => {
    await expect(afterAwaitInGesture(() => new FakeApplePaySession(15, request))).rejects.toThrow(
      'Must create a new ApplePaySession from a user gesture handler.',
    );
    expect(applePay.takeMisuses()).toEqual([
      { method: 'constructor', error: expect.stringContaining('InvalidAccessError') },
    ]);
  });

  it('is not an untrusted, scripted click', () => {
    const button = document.body.appendChild(document.createElement('button'));
    let result = '';
    button.addEventListener('click', () => {
      result = outcome(() => new FakeApplePaySession(15, request));
    });
    button.click();
    button.remove();
    expect(result).toMatch(/^InvalidAccessError/);
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it('is not needed for begin(), which WebKit does not check', async () => {
    const session = await inGesture(() => new FakeApplePaySession(15, request));
    session.begin();
    expect(session.state).toBe('active');
    session.abort();
  });
});

describe('the session’s states', () => {
  it('fires validatemerchant after begin, in a later task', async () => {
    const { session, validation } = await begun();
    expect(session.state).toBe('active');
    expect((await validation).validationURL).toBe(applePay.validationURL);
  });

  it('refuses begin twice, and a second active session on the page', async () => {
    const { session } = await begun();
    expect(outcome(() => session.begin())).toBe(
      'InvalidAccessError: Payment session is already active.',
    );
    await expect(begun()).rejects.toThrow('Page already has an active payment session.');
    expect(applePay.takeMisuses()).toHaveLength(2);
  });

  it('takes a merchant session object once, while validation is pending', async () => {
    // Pending from the validatemerchant event on, not from begin().
    const early = await inGesture(() => {
      const session = new FakeApplePaySession(15, request);
      session.begin();
      return outcome(() => session.completeMerchantValidation({ a: 1 }));
    });
    expect(early).toBe('InvalidAccessError: ');
    applePay.active?.abort();
    const { session, validation } = await begun();
    await validation;
    expect(outcome(() => session.completeMerchantValidation('{"a":1}'))).toBe(
      'TypeError: Type error',
    );
    session.completeMerchantValidation({ a: 1 });
    expect(outcome(() => session.completeMerchantValidation({ a: 1 }))).toBe(
      'InvalidAccessError: ',
    );
    expect(applePay.takeMisuses()).toHaveLength(3);
  });

  it('refuses completeMerchantValidation after the customer cancelled', async () => {
    const { session, validation } = await begun();
    await validation;
    session.cancel();
    expect(outcome(() => session.completeMerchantValidation({}))).toBe('InvalidAccessError: ');
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it('completes a payment only once it is authorised', async () => {
    const session = await validated();
    expect(outcome(() => session.completePayment(0))).toBe('InvalidAccessError: ');
    session.authorize();
    session.completePayment({ status: 0 });
    expect(session.state).toBe('completed');
    expect(applePay.active).toBeUndefined();
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it('aborts only a begun, unfinished session, and fires no cancel for it', async () => {
    const idle = await inGesture(() => new FakeApplePaySession(15, request));
    expect(outcome(() => idle.abort())).toBe('InvalidAccessError: ');
    const { session } = await begun();
    let cancels = 0;
    session.oncancel = () => cancels++;
    session.abort();
    expect(session.state).toBe('aborted');
    expect(outcome(() => session.abort())).toBe('InvalidAccessError: ');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancels).toBe(0);
    expect(applePay.takeMisuses().map((m) => m.method)).toEqual(['abort', 'abort']);
  });

  it('fires cancel with a sessionError when the customer dismisses the sheet', async () => {
    const { session } = await begun();
    const event = new Promise<Event & { sessionError?: unknown }>(
      (resolve) => (session.oncancel = resolve),
    );
    session.cancel();
    expect((await event).sessionError).toEqual({ code: 'unknown', info: {} });
    expect(session.state).toBe('canceled');
    expect(applePay.active).toBeUndefined();
  });
});
