// Issue 16: `merchantValidator` gets the merchant session from any Apple Pay backend instead of Connect, with
// every guarantee of the Connect path: deadline, abort signal, no completion after a cancel, one typed error.
import { describe, expect, it } from 'vitest';
import {
  ApplePaySessionButtonError,
  type ApplePaySessionButton,
  type MerchantValidationRequest,
} from '../src/element.js';
import { applePay } from './support/apple-pay-session-double.js';
import { connectApi, sampleMerchantSession } from './support/connect-api-double.js';
import { consoleRecord } from './support/console-record.js';
import {
  click,
  markupButton,
  payButton,
  recordEvents,
  until,
  type RecordedEvent,
} from './support/fixtures.js';

const SERVER_MESSAGE = 'apple-cert-expired-at-/etc/ssl/merchant.pem';
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const types = (events: RecordedEvent[]) => events.map((e) => e.type);
const errors = (events: RecordedEvent[]) => events.filter((e) => e.type === 'apple-pay-error');
const NO_CONNECT_SESSION = {
  'client-session-id': null,
  'customer-id': null,
  'client-api-url': null,
};

type Validator = (request: MerchantValidationRequest) => Promise<object>;

/** A shown button whose merchant sessions come from `validator`, without a Connect client session. */
async function validatorButton(
  validator: Validator,
  attributes: Record<string, string | null> = {},
) {
  const calls: MerchantValidationRequest[] = [];
  const el = await payButton(
    { ...NO_CONNECT_SESSION, ...attributes },
    {
      merchantValidator: (request) => {
        calls.push(request);
        return validator(request);
      },
    },
  );
  return { el, calls };
}

/** Clicks and waits for the one apple-pay-error; checks the session ended clean and the message is ours. */
async function failure(el: ApplePaySessionButton, events: RecordedEvent[]) {
  await click(el);
  await until(() => errors(events).length > 0);
  await tick(20);
  expect(types(events)).toEqual(['apple-pay-start', 'apple-pay-error']);
  expect(applePay.last.state).toBe('aborted');
  expect(applePay.last.merchantSession).toBeUndefined();
  expect(el.active).toBe(false);
  const { stage, error } = events[1]!.detail;
  expect(stage).toBe('merchant-validation');
  expect(error).toBeInstanceOf(ApplePaySessionButtonError);
  expect(error.message).not.toContain(SERVER_MESSAGE);
  expect(`${el.outerHTML}${el.shadowRoot!.innerHTML}`).not.toContain(SERVER_MESSAGE);
  expect(consoleRecord.join('\n')).not.toContain(SERVER_MESSAGE);
  return error as ApplePaySessionButtonError;
}

describe('merchantValidator', () => {
  it('is called instead of Connect, and its merchant session completes validation', async () => {
    applePay.validationURL =
      'https://apple-pay-gateway-pr-pod2.apple.com/paymentservices/startSession';
    const events = recordEvents();
    const { el, calls } = await validatorButton(async () => ({ ...sampleMerchantSession }));
    expect(connectApi.productRequests).toEqual([]); // no Connect client session: no look-up
    await click(el);
    await until(() => types(events).includes('apple-pay-merchant-validated'));
    expect(calls).toEqual([
      {
        validationURL: applePay.validationURL,
        domainName: location.hostname,
        displayName: 'Example Shop',
        signal: expect.any(AbortSignal),
      },
    ]);
    expect(applePay.last.merchantSession).toEqual(sampleMerchantSession);
    expect(connectApi.requests).toEqual([]);
    expect(el.active).toBe(true);
  });

  it('is asked afresh at every attempt', async () => {
    let issued = 0;
    const { el, calls } = await validatorButton(async () => ({
      ...sampleMerchantSession,
      nonce: `n-${++issued}`,
    }));
    for (const nonce of ['n-1', 'n-2']) {
      await click(el);
      await until(() => applePay.last.merchantSession !== undefined);
      expect(applePay.last.merchantSession).toMatchObject({ nonce });
      applePay.last.cancel();
    }
    expect(calls).toHaveLength(2);
  });

  it('still lets Connect decide availability and networks when there is a Connect client session', async () => {
    const events = recordEvents();
    const el = await payButton(
      { 'supported-networks': null },
      { merchantValidator: async () => sampleMerchantSession },
    );
    expect(connectApi.productRequests).toHaveLength(1);
    await click(el);
    await until(() => types(events).includes('apple-pay-merchant-validated'));
    expect(applePay.last.request.supportedNetworks).toEqual(['visa', 'masterCard', 'amex']);
    expect(connectApi.requests).toEqual([]);
  });

  it('needs supported-networks without a Connect client session: Safari refuses the request, a configuration error', async () => {
    const events = recordEvents();
    const { el, calls } = await validatorButton(async () => sampleMerchantSession, {
      'supported-networks': null,
    });
    await click(el);
    await tick(20);
    expect(applePay.takeMisuses()).toEqual([
      {
        method: 'constructor',
        error: 'TypeError: At least one supported network must be provided.',
      },
    ]);
    expect(applePay.sessions).toEqual([]);
    expect(calls).toEqual([]);
    expect(types(events)).toEqual(['apple-pay-start', 'apple-pay-error']);
    expect(events[1]!.detail).toMatchObject({
      stage: 'configuration',
      error: { code: 'session-failed' },
    });
  });

  it('takes the networks an apple-pay-start listener adds', async () => {
    const events = recordEvents();
    const { el } = await validatorButton(async () => sampleMerchantSession, {
      'supported-networks': null,
    });
    el.addEventListener('apple-pay-start', (event) => {
      event.detail.request.supportedNetworks = ['visa'];
    });
    await click(el);
    await until(() => types(events).includes('apple-pay-merchant-validated'));
    expect(applePay.last.request.supportedNetworks).toEqual(['visa']);
  });

  it('is a client session for availability: the button shows without session attributes', async () => {
    const events = recordEvents(['apple-pay-availability']);
    const el = await markupButton({ 'supported-networks': 'visa' });
    for (const name of Object.keys(NO_CONNECT_SESSION)) el.removeAttribute(name);
    el.merchantValidator = async () => sampleMerchantSession;
    await until(() => el.available);
    expect(events.map((e) => e.detail)).toEqual([{ available: true }]);
    expect(connectApi.productRequests).toEqual([]);
  });

  it('rejecting: one apple-pay-error with code merchant-validator, none of the server’s words', async () => {
    const events = recordEvents();
    const { el } = await validatorButton(async () => {
      throw new Error(SERVER_MESSAGE);
    });
    const error = await failure(el, events);
    expect(error.code).toBe('merchant-validator');
    expect((error.cause as Error).message).toBe(SERVER_MESSAGE); // for the merchant's logs
  });

  it('rejecting with an ApplePaySessionButtonError: its code is kept', async () => {
    const events = recordEvents();
    const { el } = await validatorButton(async () => {
      throw new ApplePaySessionButtonError('psp-declined', 'The PSP refused the merchant');
    });
    const error = await failure(el, events);
    expect(error).toMatchObject({ code: 'psp-declined', message: 'The PSP refused the merchant' });
  });

  it.each([
    ['a string', () => Promise.resolve('{"merchantSessionIdentifier":"x"}')],
    ['null', () => Promise.resolve(null)],
    ['undefined', () => Promise.resolve(undefined)],
    ['an array', () => Promise.resolve([sampleMerchantSession])],
  ])('resolving to %s: code merchant-validator, Safari never sees it', async (_, answer) => {
    const events = recordEvents();
    const { el } = await validatorButton(answer as unknown as Validator);
    const error = await failure(el, events);
    expect(error.code).toBe('merchant-validator');
    expect(applePay.misuses).toEqual([]);
  });

  it.each([
    ['a thrown string', SERVER_MESSAGE],
    ['a thrown number', 503],
    ['thrown undefined', undefined],
  ])('throwing synchronously %s: code merchant-validator', async (_, thrown) => {
    const events = recordEvents();
    const { el } = await validatorButton(() => {
      throw thrown;
    });
    const error = await failure(el, events);
    expect(error.code).toBe('merchant-validator');
    expect(error.cause).toBe(thrown);
  });

  it('hanging: the validation-timeout deadline ends the session with code timeout and aborts the signal', async () => {
    const events = recordEvents();
    const { el, calls } = await validatorButton(() => new Promise(() => {}), {
      'validation-timeout': '120',
    });
    const started = performance.now();
    const error = await failure(el, events);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(error.code).toBe('timeout');
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('cancelled mid-call: the signal is aborted and a later answer never completes the session', async () => {
    let answer!: (merchantSession: object) => void;
    const events = recordEvents();
    const { el, calls } = await validatorButton(() => new Promise((resolve) => (answer = resolve)));
    await click(el);
    await until(() => calls.length === 1);
    expect(calls[0]!.signal.aborted).toBe(false);
    applePay.last.cancel();
    expect(calls[0]!.signal.aborted).toBe(true);
    answer(sampleMerchantSession);
    await tick(20);
    expect(applePay.last.merchantSession).toBeUndefined();
    expect(types(events)).toEqual(['apple-pay-start', 'apple-pay-cancel']);
    expect(el.active).toBe(false);
  });

  it('rejecting with the abort reason after a cancel: no error, only the cancel', async () => {
    const events = recordEvents();
    const { el, calls } = await validatorButton(
      ({ signal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    );
    await click(el);
    await until(() => calls.length === 1);
    applePay.last.cancel();
    await tick(20);
    expect(types(events)).toEqual(['apple-pay-start', 'apple-pay-cancel']);
  });

  it('aborts the signal when the element is removed', async () => {
    const { el, calls } = await validatorButton(() => new Promise(() => {}));
    await click(el);
    await until(() => calls.length === 1);
    el.remove();
    await tick();
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(applePay.last.state).toBe('aborted');
  });

  it('gives a sessionProvider that rejects during validation the same code: merchant-validator', async () => {
    const events = recordEvents();
    const el = await payButton();
    el.sessionProvider = () => Promise.reject(new Error(SERVER_MESSAGE));
    const error = await failure(el, events);
    expect(error.code).toBe('merchant-validator');
    expect(connectApi.requests).toEqual([]);
  });

  it('is not called for a validation URL that is not Apple’s', async () => {
    applePay.validationURL = 'https://attacker.example/paymentservices/startSession';
    const events = recordEvents();
    const { el, calls } = await validatorButton(async () => sampleMerchantSession);
    const error = await failure(el, events);
    expect(error.code).toBe('invalid-validation-url');
    expect(calls).toEqual([]);
  });
});
