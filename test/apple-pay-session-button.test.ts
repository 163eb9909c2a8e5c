import { expect as chaiExpect } from '@open-wc/testing';
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { ApplePaySessionButton, ApplePaySessionButtonError } from '../src/element.js';
import { applePay, samplePayment } from './support/apple-pay-session-double.js';
import {
  connectApi,
  dripForever,
  dropConnection,
  hang,
  json,
  merchantSessionResponse,
  sampleMerchantSession,
} from './support/connect-api-double.js';
import { consoleRecord } from './support/console-record.js';
import {
  CLIENT_API_URL,
  CLIENT_SESSION_ID,
  CUSTOMER_ID,
  DISPLAY_NAME,
  click,
  payButton,
  providerButton,
  recordEvents,
  startFromGesture,
  until,
  type RecordedEvent,
} from './support/fixtures.js';

const API_MESSAGE = 'CREATE_SESSION_NOT_AVAILABLE_FOR_PRODUCT_secret-detail';
const types = (events: RecordedEvent[]) => events.map((e) => e.type);
const errors = (events: RecordedEvent[]) => events.filter((e) => e.type === 'apple-pay-error');
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every text the element puts in the page, its shadow root included. */
const renderedText = (el: HTMLElement) => `${el.outerHTML} ${el.shadowRoot?.innerHTML ?? ''}`;

/** A Promise the test resolves by hand, to control when the Connect API answers. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function validatedButton(attributes?: Record<string, string | null>) {
  const events = recordEvents();
  const el = await payButton(attributes);
  await click(el);
  await until(() => types(events).includes('apple-pay-merchant-validated'));
  return { el, events, session: applePay.last };
}

describe('the click', () => {
  it('creates the session and begins it inside the click, then validates the merchant', async () => {
    const { el, events, session } = await validatedButton();
    expect(applePay.sessions).toHaveLength(1);
    expect(session.state).toBe('active');
    expect(session.merchantSession).toEqual(sampleMerchantSession);
    expect(types(events)).toEqual(['apple-pay-start', 'apple-pay-merchant-validated']);
    expect(el.active).toBe(true);
    expect(el.hasAttribute('active')).toBe(true);
  });

  it('works from the keyboard', async () => {
    const events = recordEvents();
    const el = await payButton();
    el.shadowRoot!.querySelector('button')!.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => types(events).includes('apple-pay-merchant-validated'));
    expect(applePay.sessions).toHaveLength(1);
  });

  it('fails cleanly when start() is called outside a user gesture', async () => {
    const events = recordEvents();
    const el = await payButton();
    el.start();
    expect(applePay.takeMisuses()).toEqual([
      { method: 'constructor', error: expect.stringContaining('user gesture') },
    ]);
    expect(errors(events)).toHaveLength(1);
    expect(errors(events)[0]!.detail).toMatchObject({
      stage: 'configuration',
      error: { code: 'session-failed' },
    });
    expect(el.active).toBe(false);
  });

  it('builds the request from the attributes, at the highest version the browser supports', async () => {
    applePay.maxVersion = 12;
    const { session } = await validatedButton({
      'total-label': 'Order 42',
      'merchant-capabilities': 'supports3DS,supportsDebit',
    });
    expect(session.version).toBe(12);
    expect(session.request).toEqual({
      countryCode: 'NL',
      currencyCode: 'EUR',
      supportedNetworks: ['visa', 'masterCard', 'amex'],
      merchantCapabilities: ['supports3DS', 'supportsDebit'],
      total: { label: 'Order 42', amount: '12.50', type: 'final' },
    });
  });

  it('uses a pinned version, and merges paymentRequest over the attributes', async () => {
    const events = recordEvents();
    const el = await payButton({ version: '3' });
    el.paymentRequest = {
      lineItems: [{ label: 'Shirt', amount: '12.50' }],
      requiredBillingContactFields: ['postalAddress'],
    };
    await click(el);
    await until(() => types(events).includes('apple-pay-merchant-validated'));
    expect(applePay.last.version).toBe(3);
    expect(applePay.last.request).toMatchObject({
      lineItems: [{ label: 'Shirt', amount: '12.50' }],
      requiredBillingContactFields: ['postalAddress'],
    });
  });

  it('lets apple-pay-start change the request in place', async () => {
    const el = await payButton();
    el.addEventListener('apple-pay-start', (event) => {
      event.detail.request.total.label = 'Changed';
    });
    await click(el);
    expect(applePay.last.request.total.label).toBe('Changed');
  });

  it('creates no session when apple-pay-start is cancelled', async () => {
    const el = await payButton();
    el.addEventListener('apple-pay-start', (event) => event.preventDefault());
    await click(el);
    await tick(20);
    expect(applePay.sessions).toEqual([]);
    expect(connectApi.requests).toEqual([]);
  });

  it('reports a request that apple-pay-start broke as a configuration error', async () => {
    const events = recordEvents();
    const el = await payButton();
    el.addEventListener('apple-pay-start', (event) => {
      event.detail.request.total.amount = '12,50';
    });
    await click(el);
    expect(applePay.sessions).toEqual([]);
    expect(errors(events).map((e) => e.detail.stage)).toEqual(['configuration']);
  });

  it('does nothing while disabled, even when start() is called from a gesture', async () => {
    const events = recordEvents();
    const el = await payButton({ disabled: '' });
    // A natively disabled <button> swallows a click before the element sees it; start() must refuse by itself
    // (Apple's <apple-pay-button> has no disabled state, and a page may call start() from its own button).
    await startFromGesture(el);
    await tick(20);
    expect(applePay.sessions).toEqual([]);
    expect(events).toEqual([]);
    el.disabled = false;
    await el.updateComplete;
    await startFromGesture(el);
    expect(applePay.sessions).toHaveLength(1); // the same gesture works once enabled
  });
});

describe('merchant validation', () => {
  it('posts the validation URL unchanged, the page’s host name and the display name', async () => {
    applePay.validationURL =
      'https://apple-pay-gateway-nc-pod3.apple.com/paymentservices/startSession?a=1&b=%20';
    await validatedButton();
    const request = connectApi.last;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${CLIENT_API_URL}/${CUSTOMER_ID}/products/302/sessions`);
    expect(request.headers.get('Authorization')).toBe(`GCS v1Client:${CLIENT_SESSION_ID}`);
    expect(JSON.parse(request.body)).toEqual({
      paymentProductSession302SpecificInput: {
        displayName: DISPLAY_NAME,
        domainName: location.hostname,
        validationUrl: applePay.validationURL,
      },
    });
  });

  it('sends domain-name instead of the page’s host when it is set', async () => {
    await validatedButton({ 'domain-name': 'checkout.shop.example' });
    expect(JSON.parse(connectApi.last.body).paymentProductSession302SpecificInput).toMatchObject({
      domainName: 'checkout.shop.example',
    });
  });

  it('takes the client session from the session property', async () => {
    const el = await payButton(
      { 'client-session-id': null, 'customer-id': null, 'client-api-url': null },
      {
        session: {
          clientSessionId: 'from-property',
          customerId: 'c-2',
          clientApiUrl: 'https://eu.api-ingenico.com',
        },
      },
    );
    await click(el);
    await until(() => connectApi.requests.length === 1);
    expect(connectApi.last.url).toBe(
      'https://eu.api-ingenico.com/client/v1/c-2/products/302/sessions',
    );
    expect(connectApi.last.headers.get('Authorization')).toBe('GCS v1Client:from-property');
  });

  it('asks sessionProvider for a fresh client session at each validation', async () => {
    const events = recordEvents();
    const el = await providerButton('fresh');
    for (const attempt of [1, 2]) {
      await click(el);
      await until(
        () => types(events).filter((t) => t === 'apple-pay-merchant-validated').length === attempt,
      );
      applePay.last.cancel();
    }
    expect(connectApi.requests.map((r) => r.headers.get('Authorization'))).toEqual([
      'GCS v1Client:fresh-1',
      'GCS v1Client:fresh-2',
    ]);
  });

  it('uses the payment product id attribute in the path', async () => {
    await validatedButton({ 'payment-product-id': '320' });
    expect(connectApi.last.url).toBe(`${CLIENT_API_URL}/${CUSTOMER_ID}/products/320/sessions`);
  });
});

const apiError =
  (status: number, code: string, extra: object = {}) =>
  () =>
    json(status, {
      errorId: `err-${status}`,
      errors: [{ code, message: API_MESSAGE, httpStatusCode: status, ...extra }],
    });

describe.each([
  {
    fault: '400 with propertyName',
    respond: apiError(400, '20000000', {
      propertyName: 'paymentProductSession302SpecificInput.domainName',
    }),
    code: '20000000',
    status: 400,
  },
  { fault: '401', respond: apiError(401, '9002'), code: '9002', status: 401 },
  { fault: '403', respond: apiError(403, '9007'), code: '9007', status: 403 },
  { fault: '404 code 1426', respond: apiError(404, '1426'), code: '1426', status: 404 },
  {
    fault: '500',
    respond: apiError(500, '9999', { category: 'IO_ERROR' }),
    code: '9999',
    status: 500,
  },
  {
    fault: 'a non-JSON body',
    respond: () => new Response(`<html>${API_MESSAGE}</html>`, { status: 502 }),
    code: 'invalid-response',
    status: 502,
  },
  {
    fault: '200 without sessionObject',
    respond: () => json(200, { paymentProductSession302SpecificOutput: {} }),
    code: 'invalid-response',
    status: 200,
  },
  {
    fault: 'a sessionObject that is not JSON',
    respond: () =>
      json(200, { paymentProductSession302SpecificOutput: { sessionObject: 'not json' } }),
    code: 'invalid-response',
    status: 200,
  },
  { fault: 'a network failure', respond: dropConnection, code: 'network', status: undefined },
  { fault: 'the deadline passing', respond: hang, code: 'timeout', status: undefined },
  {
    fault: 'a body that drips past the deadline',
    respond: dripForever,
    code: 'timeout',
    status: undefined,
  },
])('when the Connect API answers $fault', ({ respond, code, status }) => {
  it('aborts the Apple Pay session and fires one apple-pay-error', async () => {
    connectApi.respond(respond);
    const events = recordEvents();
    // A short deadline only where the deadline is the fault: elsewhere a busy machine must not turn the
    // expected answer into a timeout.
    const el = await payButton({ 'validation-timeout': code === 'timeout' ? '100' : '5000' });
    await click(el);
    await until(() => errors(events).length > 0);
    await tick(20);

    const session = applePay.last;
    expect(session.state).toBe('aborted');
    expect(session.merchantSession).toBeUndefined();
    expect(types(events)).toEqual(['apple-pay-start', 'apple-pay-error']);
    const { stage, error } = events[1]!.detail;
    expect(stage).toBe('merchant-validation');
    expect(error).toBeInstanceOf(ApplePaySessionButtonError);
    expect(error).toMatchObject({ name: 'ApplePaySessionButtonError', code, status });
    if (/^\d+$/.test(code)) expect(error.errors[0]).toMatchObject({ code, message: API_MESSAGE });
    expect(el.active).toBe(false);
    expect(el.hasAttribute('active')).toBe(false);

    // The API's message is for the merchant's logs only.
    expect(error.message).not.toContain(API_MESSAGE);
    expect(renderedText(el)).not.toContain(API_MESSAGE);
    expect(consoleRecord.join('\n')).not.toContain(API_MESSAGE);
    expect(consoleRecord.join('\n')).not.toContain(CLIENT_SESSION_ID);
  });
});

describe('ending in the middle of merchant validation', () => {
  it('never completes validation after the customer cancelled, even when the answer comes later', async () => {
    const answer = deferred<Response>();
    connectApi.respond(() => answer.promise);
    const events = recordEvents();
    const el = await payButton();
    await click(el);
    await until(() => connectApi.requests.length === 1);
    applePay.last.cancel();
    answer.resolve(merchantSessionResponse());
    await tick(20);
    expect(connectApi.last.signal.aborted).toBe(true);
    expect(applePay.last.merchantSession).toBeUndefined();
    expect(types(events)).toEqual(['apple-pay-start', 'apple-pay-cancel']);
    expect(events[1]!.detail).toEqual({
      authorized: false,
      sessionError: { code: 'unknown', info: {} },
    });
    expect(el.active).toBe(false);
  });

  it('never completes validation after cancel even where fetch ignores AbortSignal (old polyfills)', async () => {
    const answer = deferred<Response>();
    connectApi.respond(() => answer.promise);
    const honouringFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => honouringFetch(input, { ...init, signal: null });
    const events = recordEvents();
    await click(await payButton());
    await until(() => connectApi.requests.length === 1);
    applePay.last.cancel();
    answer.resolve(merchantSessionResponse());
    await tick(20);
    expect(applePay.last.merchantSession).toBeUndefined();
    expect(types(events)).toEqual(['apple-pay-start', 'apple-pay-cancel']);
  });

  it('abort() ends the session once and is safe in any state', async () => {
    connectApi.respond(hang);
    const events = recordEvents();
    const el = await payButton();
    el.abort(); // idle
    await click(el);
    await until(() => connectApi.requests.length === 1);
    el.abort();
    el.abort();
    expect(applePay.last.state).toBe('aborted');
    expect(connectApi.last.signal.aborted).toBe(true);
    expect(types(events)).toEqual(['apple-pay-start', 'apple-pay-cancel']);
  });

  it('reports completeMerchantValidation throwing, and aborts', async () => {
    const events = recordEvents();
    const el = await payButton();
    const answer = deferred<Response>();
    connectApi.respond(() => answer.promise);
    await click(el);
    await until(() => connectApi.requests.length === 1);
    applePay.last.completeMerchantValidation = () => {
      throw new DOMException('Merchant validation is not pending.', 'InvalidAccessError');
    };
    answer.resolve(merchantSessionResponse());
    await until(() => errors(events).length === 1);
    expect(errors(events)[0]!.detail).toMatchObject({
      stage: 'merchant-validation',
      error: { code: 'session-failed' },
    });
    expect(applePay.last.state).toBe('aborted');
  });

  it('ends the session when the element is removed, but not when it is moved', async () => {
    connectApi.respond(hang);
    const events = recordEvents();
    const el = await payButton();
    const cancels: Event[] = [];
    el.addEventListener('apple-pay-cancel', (e) => cancels.push(e));
    await click(el);
    await until(() => connectApi.requests.length === 1);

    el.parentElement!.append(document.createElement('div'), el); // moved
    await tick();
    expect(applePay.last.state).toBe('active');

    el.remove();
    await tick();
    expect(applePay.last.state).toBe('aborted');
    expect(connectApi.last.signal.aborted).toBe(true);
    expect(cancels).toHaveLength(1);
    expect(errors(events)).toEqual([]);
  });

  it('refuses a validation URL that is not Apple’s, without calling Connect', async () => {
    applePay.validationURL =
      'https://apple-pay-gateway.apple.com.evil.example/paymentservices/startSession';
    const events = recordEvents();
    await click(await payButton());
    await until(() => errors(events).length === 1);
    expect(errors(events)[0]!.detail).toMatchObject({
      stage: 'merchant-validation',
      error: { code: 'invalid-validation-url' },
    });
    expect(connectApi.requests).toEqual([]);
    expect(applePay.last.state).toBe('aborted');
  });
});

describe('configuration errors', () => {
  it.each([
    ['no client session id', { 'client-session-id': null }, /client-session-id/],
    ['no customer id', { 'customer-id': null }, /customer-id/],
    ['no client API URL', { 'client-api-url': null }, /client-api-url/],
    [
      'an http client API URL off localhost',
      { 'client-api-url': 'http://api.example.com/client/v1' },
      /https/,
    ],
    [
      'a client API URL with another path',
      { 'client-api-url': 'https://api.example.com/v2' },
      /client\/v1/,
    ],
    ['no display name', { 'display-name': null }, /display-name/],
    ['a display name over 64 characters', { 'display-name': 'x'.repeat(65) }, /64/],
    ['a display name of 64 emoji plus one', { 'display-name': '🍏'.repeat(65) }, /64/],
    ['a malformed amount', { amount: '12,50' }, /amount/],
    ['a negative amount', { amount: '-1' }, /amount/],
    ['no amount', { amount: null }, /amount/],
    ['more decimals than the currency has', { amount: '12.50', 'currency-code': 'JPY' }, /JPY/],
    ['a fraction of a fils too many', { amount: '1.0005', 'currency-code': 'KWD' }, /3 decimals/],
    ['an unsupported pinned version', { version: '14' }, /version 14/],
    ['a zero validation timeout', { 'validation-timeout': '0' }, /validation-timeout/],
  ])('%s: apple-pay-error on click, no session', async (_, attributes, message) => {
    applePay.maxVersion = 13;
    const events = recordEvents();
    const el = await payButton(attributes);
    await click(el);
    await tick(20);
    expect(applePay.sessions).toEqual([]);
    expect(connectApi.requests).toEqual([]);
    expect(types(events)).toEqual(['apple-pay-error']);
    const { stage, error } = events[0]!.detail;
    expect(stage).toBe('configuration');
    expect(error).toMatchObject({ code: 'configuration', message: expect.stringMatching(message) });
    // Not hidden for it: the merchant sees the event while integrating.
    expect(el.available).toBe(true);
    expect(getComputedStyle(el).display).not.toBe('none');
  });

  // What Connect is asked about: never sent empty or malformed (Connect's 400 would name another field, and the
  // button would hide as lookup-failed, pointing the merchant at the client session).
  it.each([
    ['no country code', { 'country-code': null }, {}, /country-code "" and/],
    ['a lowercase country code', { 'country-code': 'nl' }, {}, /country-code "nl"/],
    ['a three-letter country code', { 'country-code': 'NLD' }, {}, /country-code "NLD"/],
    ['no currency code', { 'currency-code': null }, {}, /currency-code "" must be ISO codes/],
    ['a currency name', { 'currency-code': 'euro' }, {}, /currency-code "euro"/],
    ['no amount', { amount: null }, {}, /amount/],
    ['a country name in paymentRequest', {}, { countryCode: 'Netherlands' }, /"Netherlands"/],
  ])(
    '%s: no Connect request at all; the button shows, and the click reports it',
    async (_, attributes, paymentRequest, message) => {
      const events = recordEvents();
      const el = await payButton(attributes, { paymentRequest });
      await tick(20);
      expect(connectApi.productRequests).toEqual([]);
      expect(getComputedStyle(el).display).not.toBe('none');
      await click(el);
      await tick(20);
      expect(applePay.sessions).toEqual([]);
      expect(connectApi.requests).toEqual([]);
      expect(types(events)).toEqual(['apple-pay-error']);
      expect(events[0]!.detail).toMatchObject({
        stage: 'configuration',
        error: { code: 'configuration', message: expect.stringMatching(message) },
      });
    },
  );

  // The request's fields are Safari's to check: its TypeError becomes the error event, with its message.
  it.each([
    [
      'a country code ICU does not know',
      { countryCode: 'XX' },
      '"XX" is not a valid country code.',
    ],
    [
      'a currency code ICU does not know',
      { currencyCode: 'XXY' },
      '"XXY" is not a valid currency code.',
    ],
    ['no networks', { supportedNetworks: [] }, 'At least one supported network must be provided.'],
    [
      'no capabilities',
      { merchantCapabilities: [] },
      'At least one merchant capability must be provided.',
    ],
    ['no total label', { total: { amount: '1.00' } }, 'Missing total label.'],
    ['an unknown network', { supportedNetworks: ['x'] }, '"x" is not a valid payment network.'],
    ['an unknown capability', { merchantCapabilities: ['supports3ds'] }, 'Type error'],
    [
      'a total above Safari’s limit',
      { total: { label: 'Shop', amount: '10000000000.00' } },
      'Total amount is too big.',
    ],
    [
      'a bad line item amount',
      { lineItems: [{ label: 'Gift wrap', amount: 'free' }] },
      '"free" is not a valid amount.',
    ],
  ])(
    '%s: Safari refuses the request, apple-pay-error on click',
    async (_, paymentRequest, message) => {
      const events = recordEvents();
      const el = await payButton();
      el.paymentRequest = paymentRequest as Partial<ApplePayJS.ApplePayPaymentRequest>;
      // Once Connect has been asked about the changed request (a click before that, with no networks, does nothing).
      await until(() => connectApi.productRequests.length === 2);
      await tick(20);
      await click(el);
      await tick(20);
      expect(applePay.takeMisuses()).toEqual([
        { method: 'constructor', error: `TypeError: ${message}` },
      ]);
      expect(applePay.sessions).toEqual([]);
      expect(connectApi.requests).toEqual([]);
      // The start listener could still have fixed the request: Safari sees it after apple-pay-start.
      expect(types(events)).toEqual(['apple-pay-start', 'apple-pay-error']);
      const { stage, error } = events[1]!.detail;
      expect(stage).toBe('configuration');
      expect(error).toMatchObject({
        code: 'session-failed',
        message: `Safari refused the Apple Pay session: TypeError: ${message}`,
      });
      expect(error.cause).toBeInstanceOf(TypeError);
    },
  );

  it.each([
    ['64 characters', 'x'.repeat(64)],
    ['64 emoji (128 UTF-16 units)', '🍏'.repeat(64)],
  ])('accepts a display name of %s, sent uncut', async (_, name) => {
    await validatedButton({ 'display-name': name });
    expect(JSON.parse(connectApi.last.body).paymentProductSession302SpecificInput.displayName).toBe(
      name,
    );
  });

  it('accepts plain http on localhost', async () => {
    await validatedButton({ 'client-api-url': 'http://localhost:8080/client/v1' });
    expect(connectApi.last.url).toBe(
      `http://localhost:8080/client/v1/${CUSTOMER_ID}/products/302/sessions`,
    );
  });
});

describe('one session at a time, a new merchant session every time', () => {
  it('makes one session for a double click', async () => {
    const el = await payButton();
    await userEvent.dblClick(el);
    await until(() => connectApi.requests.length === 1);
    await tick(20);
    expect(applePay.sessions).toHaveLength(1);
  });

  it('ignores a click on another button while one is active', async () => {
    const first = await payButton();
    const second = document.body.appendChild(new ApplePaySessionButton());
    for (const { name, value } of Array.from(first.attributes)) second.setAttribute(name, value);
    first.id = 'first-button'; // distinct ids: Playwright must tell the two twins apart
    second.id = 'second-button';
    const events = recordEvents();
    await click(first);
    await click(second);
    await tick(20);
    expect(applePay.sessions).toHaveLength(1);
    expect(errors(events)).toEqual([]);
    second.remove();
  });

  it.each([
    ['the customer cancelled', () => applePay.last.cancel()],
    ['the payment completed', () => applePay.last.authorize()],
    ['validation failed', () => {}],
  ])('starts afresh after %s', async (ending, end) => {
    const el = await payButton();
    const events = recordEvents();
    el.addEventListener('apple-pay-authorized', (event) =>
      event.detail.complete(ApplePaySession.STATUS_SUCCESS),
    );
    if (ending === 'validation failed') connectApi.respond(apiError(500, '9999'));
    await click(el);
    await until(
      () =>
        connectApi.requests.length === 1 &&
        (types(events).includes('apple-pay-merchant-validated') || errors(events).length > 0),
    );
    end();
    await until(() => !el.active);

    connectApi.respond(() =>
      merchantSessionResponse({ ...sampleMerchantSession, nonce: 'second' }),
    );
    await click(el);
    await until(
      () => applePay.last.merchantSession !== undefined && applePay.sessions.length === 2,
    );
    expect(connectApi.requests).toHaveLength(2);
    expect(applePay.sessions[0]).not.toBe(applePay.sessions[1]);
    expect(applePay.last.merchantSession).toMatchObject({ nonce: 'second' });
  });
});

describe('apple-pay-authorized', () => {
  it('completes with exactly what the merchant passes to complete()', async () => {
    const { el, events, session } = await validatedButton();
    el.addEventListener('apple-pay-authorized', (event) => {
      expect(event.detail.payment).toEqual(samplePayment);
      event.detail.complete({
        status: ApplePaySession.STATUS_SUCCESS,
        orderDetails: {
          orderTypeIdentifier: 'com.example.order',
          orderIdentifier: '42',
          webServiceURL: 'https://shop.example/orders',
          authenticationToken: 't',
        },
      });
    });
    session.authorize();
    await until(() => session.state === 'completed');
    expect(session.completions).toEqual([
      { status: 0, orderDetails: expect.objectContaining({ orderIdentifier: '42' }) },
    ]);
    expect(el.active).toBe(false);
    expect(errors(events)).toEqual([]);
  });

  it('waits for a Promise given to complete()', async () => {
    const { el, session } = await validatedButton();
    const charged = deferred<number>();
    el.addEventListener('apple-pay-authorized', (event) => event.detail.complete(charged.promise));
    session.authorize();
    await tick(20);
    expect(session.state).toBe('authorized');
    expect(el.active).toBe(true);
    charged.resolve(ApplePaySession.STATUS_SUCCESS);
    await until(() => session.state === 'completed');
    expect(session.completions).toEqual([{ status: 0 }]);
  });

  it('completes as failure and reports it when nobody calls complete()', async () => {
    const { el, events, session } = await validatedButton();
    session.authorize();
    await tick();
    expect(session.completions).toEqual([{ status: ApplePaySession.STATUS_FAILURE }]);
    expect(session.state).toBe('completed');
    expect(errors(events).map((e) => e.detail)).toEqual([
      {
        stage: 'authorization',
        error: expect.objectContaining({ code: 'unhandled-authorization' }),
      },
    ]);
    expect(el.active).toBe(false);
  });

  it('ignores complete() called after the event was dispatched', async () => {
    const { el, session } = await validatedButton();
    let late: (() => void) | undefined;
    el.addEventListener('apple-pay-authorized', (event) => (late = () => event.detail.complete(0)));
    session.authorize();
    await tick();
    late!();
    await tick();
    expect(session.completions).toEqual([{ status: 1 }]);
  });

  it.each([
    ['a rejected Promise', () => Promise.reject(new Error('server down'))],
    ['something that is no result', () => 'yes'],
    ['a status out of range', () => 42],
  ])('completes as failure on %s', async (_, result) => {
    const { el, events, session } = await validatedButton();
    el.addEventListener('apple-pay-authorized', (event) =>
      event.detail.complete(result() as number),
    );
    session.authorize();
    await until(() => session.state === 'completed');
    expect(session.completions).toEqual([{ status: 1 }]);
    expect(errors(events).map((e) => e.detail.error.code)).toEqual(['unhandled-authorization']);
  });

  it('keeps the first answer when complete() is called twice', async () => {
    const { el, session } = await validatedButton();
    el.addEventListener('apple-pay-authorized', (event) => {
      event.detail.complete(0);
      event.detail.complete(1);
    });
    session.authorize();
    await until(() => session.state === 'completed');
    expect(session.completions).toEqual([{ status: 0 }]);
  });

  it('lets the customer retry after a failure that names errors', async () => {
    const { el, session } = await validatedButton();
    const answers = [
      {
        status: ApplePaySession.STATUS_FAILURE,
        errors: [new ApplePayError('billingContactInvalid', 'postalCode', 'Check the postal code')],
      },
      { status: ApplePaySession.STATUS_SUCCESS },
    ];
    el.addEventListener('apple-pay-authorized', (event) =>
      event.detail.complete(answers.shift() as ApplePayJS.ApplePayPaymentAuthorizationResult),
    );
    session.authorize();
    await until(() => session.completions.length === 1);
    expect(session.state).toBe('active');
    expect(el.active).toBe(true);
    session.authorize();
    await until(() => session.state === 'completed');
    expect(el.active).toBe(false);
  });

  // STATUS_INVALID_BILLING_POSTAL_ADDRESS, STATUS_INVALID_SHIPPING_CONTACT, STATUS_PIN_REQUIRED
  it.each([2, 4, 5])(
    'keeps the attempt for status %i, as Safari keeps its sheet open',
    async (status) => {
      const { el, session } = await validatedButton();
      const answers = [status, ApplePaySession.STATUS_SUCCESS];
      el.addEventListener('apple-pay-authorized', (event) =>
        event.detail.complete(answers.shift()!),
      );
      session.authorize();
      await until(() => session.completions.length === 1);
      expect([session.state, el.active]).toEqual(['active', true]);
      session.authorize();
      await until(() => session.state === 'completed');
      expect(el.active).toBe(false);
    },
  );

  it('does not complete a payment the customer cancelled while the server charged it', async () => {
    const { el, events, session } = await validatedButton();
    const charged = deferred<number>();
    el.addEventListener('apple-pay-authorized', (event) => event.detail.complete(charged.promise));
    session.authorize();
    session.cancel();
    charged.resolve(0);
    await tick(20);
    expect(session.completions).toEqual([]);
    expect(types(events).at(-1)).toBe('apple-pay-cancel');
  });
});

describe('apple-pay-cancel says whether the shopper had authorised (the charge may be under way)', () => {
  const cancels = (events: RecordedEvent[]) =>
    events.filter((e) => e.type === 'apple-pay-cancel').map((e) => e.detail);
  const sheetError = { code: 'unknown', info: {} };

  it('authorized: false when the shopper closes the sheet before paying', async () => {
    const { events, session } = await validatedButton();
    session.cancel();
    expect(cancels(events)).toEqual([{ authorized: false, sessionError: sheetError }]);
  });

  it('authorized: true when the sheet ends while the page charges (Safari’s timeout, or the shopper)', async () => {
    const { el, events, session } = await validatedButton();
    el.addEventListener('apple-pay-authorized', (event) =>
      event.detail.complete(new Promise(() => {})),
    );
    session.authorize();
    session.cancel();
    expect(cancels(events)).toEqual([{ authorized: true, sessionError: sheetError }]);
  });

  it('authorized: true after a failure the shopper could retry, then closed', async () => {
    const { el, events, session } = await validatedButton();
    el.addEventListener('apple-pay-authorized', (event) =>
      event.detail.complete(ApplePaySession.STATUS_PIN_REQUIRED),
    );
    session.authorize();
    await until(() => session.completions.length === 1);
    session.cancel();
    expect(cancels(events)).toEqual([{ authorized: true, sessionError: sheetError }]);
  });

  it('on abort(): authorized: false before the shopper paid, true after', async () => {
    const first = await validatedButton();
    first.el.abort();
    expect(cancels(first.events)).toEqual([{ authorized: false }]);

    const second = await validatedButton();
    second.el.addEventListener('apple-pay-authorized', (event) =>
      event.detail.complete(new Promise(() => {})),
    );
    second.session.authorize();
    second.el.abort();
    expect(cancels(second.events)).toEqual([{ authorized: true }]);
    expect(second.session.state).toBe('aborted');
  });
});

describe('accessibility', () => {
  it('is a focusable, named button and passes axe', async () => {
    const el = await payButton();
    const button = el.shadowRoot!.querySelector('button')!;
    expect(button.getAttribute('part')).toBe('button');
    button.focus();
    expect(el.shadowRoot!.activeElement).toBe(button);
    await chaiExpect(el).to.be.accessible();
  });

  it('takes focus on the host, as a page moves focus to it (e.g. after an error message)', async () => {
    const el = await payButton();
    el.focus();
    expect(document.activeElement).toBe(el);
    expect(el.shadowRoot!.activeElement).toBe(el.shadowRoot!.querySelector('button'));
    await userEvent.keyboard('{Enter}');
    await until(() => applePay.sessions.length === 1);
  });

  it('exposes disabled to assistive technology', async () => {
    const el = await payButton({ disabled: '' });
    expect(el.shadowRoot!.querySelector('button')!.disabled).toBe(true);
  });
});
