// The double must be at least as strict as Safari, or the element's tests would pass on code Safari rejects.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { applePay, FakeApplePaySession } from './support/apple-pay-session-double.js';

const request: ApplePayJS.ApplePayPaymentRequest = {
  countryCode: 'NL',
  currencyCode: 'EUR',
  supportedNetworks: ['visa'],
  merchantCapabilities: ['supports3DS'],
  total: { label: 'Shop', amount: '1.00' },
};

let button: HTMLButtonElement;
/** Clicks a real button with trusted input and runs `onClick` one `await` into its click handler. */
async function inClick<T>(onClick: () => T | Promise<T>): Promise<T> {
  button = document.body.appendChild(document.createElement('button'));
  button.textContent = 'pay';
  const result = new Promise<T>((resolve, reject) => {
    button.addEventListener('click', () => Promise.resolve().then(onClick).then(resolve, reject), {
      once: true,
    });
  });
  const [, value] = await Promise.all([userEvent.click(button), result]);
  return value;
}
/** Clicks a real button with trusted input and runs `onClick` synchronously in its click handler. */
function syncInClick<T>(onClick: () => T): Promise<T> {
  button = document.body.appendChild(document.createElement('button'));
  const result = new Promise<T>((resolve, reject) => {
    button.addEventListener(
      'click',
      () => {
        try {
          resolve(onClick());
        } catch (error) {
          reject(error);
        }
      },
      { once: true },
    );
  });
  return Promise.all([userEvent.click(button), result]).then(([, value]) => value);
}
const newSession = (version = 15, r = request) =>
  syncInClick(() => new FakeApplePaySession(version, r));
/** A begun session, and the validatemerchant event it will fire (listened for before it can fire). */
const begun = () =>
  syncInClick(() => {
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

afterEach(() => {
  button?.remove();
  applePay.active = undefined;
});

describe('the ApplePaySession double', () => {
  it('is created inside a trusted click', async () => {
    expect((await newSession()).state).toBe('idle');
  });

  it('is created inside a trusted click’s onclick handler property', async () => {
    button = document.body.appendChild(document.createElement('button'));
    let session: FakeApplePaySession | undefined;
    button.onclick = () => (session = new FakeApplePaySession(15, request));
    await userEvent.click(button);
    expect(session?.state).toBe('idle');
  });

  it('refuses creation outside a user gesture', () => {
    expect(() => new FakeApplePaySession(15, request)).toThrow(
      'Must create a new ApplePaySession from a user gesture handler.',
    );
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it('refuses creation after one await in the click handler', async () => {
    await expect(inClick(() => new FakeApplePaySession(15, request))).rejects.toThrow(
      /user gesture/,
    );
    expect(applePay.takeMisuses()).toEqual([
      { method: 'constructor', error: expect.stringContaining('InvalidAccessError') },
    ]);
  });

  it('refuses an untrusted, scripted click', async () => {
    const el = document.body.appendChild(document.createElement('button'));
    let error: unknown;
    el.addEventListener('click', () => {
      try {
        new FakeApplePaySession(15, request);
      } catch (e) {
        error = e;
      }
    });
    el.click();
    el.remove();
    expect(error).toBeInstanceOf(DOMException);
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it.each([
    [16, request, 'is not a supported version'],
    [15, { ...request, supportedNetworks: [] }, 'At least one supported network'],
    [15, { ...request, merchantCapabilities: [] }, 'At least one merchant capability'],
    [15, { ...request, total: { label: '', amount: '1' } }, 'Missing total label'],
    [15, { ...request, total: { label: 'x', amount: '1,00' } }, 'is not a valid amount'],
    [15, { ...request, total: { label: 'x', amount: '-1' } }, 'must not be negative'],
    [15, { ...request, countryCode: 'nl' }, 'not a valid country code'],
  ])('throws TypeError for version %s / %j', async (version, r, message) => {
    await expect(newSession(version, r as ApplePayJS.ApplePayPaymentRequest)).rejects.toThrow(
      message,
    );
    expect(applePay.takeMisuses()[0]?.error).toMatch(/^TypeError/);
  });

  it('fires validatemerchant after begin, in a later task', async () => {
    const { session, validation } = await begun();
    expect(session.state).toBe('active');
    expect((await validation).validationURL).toBe(applePay.validationURL);
  });

  it('refuses begin twice, and a second active session on the page', async () => {
    const { session } = await begun();
    expect(() => session.begin()).toThrow('Payment session is already active.');
    await expect(begun()).rejects.toThrow('Page already has an active payment session.');
    expect(applePay.takeMisuses()).toHaveLength(2);
  });

  it('refuses a string for completeMerchantValidation, and a call when none is pending', async () => {
    const { session } = await begun();
    expect(() => session.completeMerchantValidation('{"a":1}')).toThrow(TypeError);
    session.completeMerchantValidation({ a: 1 });
    expect(() => session.completeMerchantValidation({ a: 1 })).toThrow(
      'Merchant validation is not pending.',
    );
    expect(applePay.takeMisuses()).toHaveLength(2);
  });

  it('refuses completeMerchantValidation after the customer cancelled', async () => {
    const { session } = await begun();
    session.cancel();
    expect(() => session.completeMerchantValidation({})).toThrow(DOMException);
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it('completes a payment only once it is authorised', async () => {
    const session = await validated();
    expect(() => session.completePayment(0)).toThrow('Payment is not authorized.');
    session.authorize();
    session.completePayment({ status: 0 });
    expect(session.state).toBe('completed');
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it('goes back to active after a failure that names errors', async () => {
    const session = await validated();
    session.authorize();
    session.completePayment({
      status: 1,
      errors: [new Error('postal code') as unknown as ApplePayJS.ApplePayError],
    });
    expect(session.state).toBe('active');
    session.authorize();
    session.completePayment(1);
    expect(session.state).toBe('completed');
  });

  it('throws on abort once the session has ended, and fires no cancel for abort', async () => {
    const { session } = await begun();
    let cancels = 0;
    session.oncancel = () => cancels++;
    session.abort();
    expect(() => session.abort()).toThrow(DOMException);
    expect(cancels).toBe(0);
    expect(applePay.takeMisuses()).toEqual([
      { method: 'abort', error: expect.stringContaining('InvalidAccessError') },
    ]);
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
