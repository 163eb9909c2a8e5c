// Issue 14: single-page apps render the element first and set its client session later, replace it, or fail to
// get one; baskets change under the button. In every order the button shows only once a click can pay, never
// shows and then hides, and a click never pays for a basket Connect was not asked about.
import { fixture, html } from '@open-wc/testing';
import { describe, expect, it } from 'vitest';
import type { SessionDetails } from '../src/element.js';
import { applePay } from './support/apple-pay-session-double.js';
import {
  connectApi,
  hang,
  json,
  productResponse,
  type RecordedRequest,
} from './support/connect-api-double.js';
import {
  CLIENT_API_URL,
  CLIENT_SESSION_ID,
  CUSTOMER_ID,
  click,
  recordEvents,
  startFromGesture,
  until,
  watchAvailable,
  type RecordedEvent,
} from './support/fixtures.js';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const AVAILABILITY = ['apple-pay-availability', 'apple-pay-error'];
const session: SessionDetails = {
  clientSessionId: CLIENT_SESSION_ID,
  customerId: CUSTOMER_ID,
  clientApiUrl: CLIENT_API_URL,
};
const notOffered = () => json(404, { errorId: 'e', errors: [{ code: '1007' }] });
const types = (events: RecordedEvent[]) => events.map((e) => e.type);
const lookupOf = (request: RecordedRequest) => new URL(request.url).searchParams;
const authorizationsOf = (requests: RecordedRequest[]) =>
  requests.map((r) => r.headers.get('Authorization'));

/** A gate the test opens by hand: Connect's answers wait for it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** The order as a single-page app renders it before it has a client session: no session yet. */
async function orderWithoutSession(attributes: Record<string, string> = {}) {
  const host = await fixture<HTMLElement>(html`<div></div>`);
  const el = document.createElement('apple-pay-session-button');
  const order = {
    'display-name': 'Shop',
    'country-code': 'SE',
    'currency-code': 'SEK',
    amount: '149.00',
    ...attributes,
  };
  for (const [name, value] of Object.entries(order)) el.setAttribute(name, value);
  return host.appendChild(el);
}

describe('the client session arrives after the markup', () => {
  it('stays hidden with reason no-session, a click does nothing, then shows once Connect offers Apple Pay', async () => {
    const answer = gate();
    connectApi.respondToProduct(() => answer.opened.then(() => productResponse(['VISA'])));
    const events = recordEvents(AVAILABILITY);
    const el = await orderWithoutSession();
    const seen = watchAvailable(el);
    await until(() => events.length > 0);
    expect(events.map((e) => e.detail)).toEqual([{ available: false, reason: 'no-session' }]);
    expect(connectApi.productRequests).toEqual([]);

    const flow = recordEvents();
    await startFromGesture(el); // a click before the session: nothing, not a configuration error
    await tick(20);
    expect(applePay.sessions).toEqual([]);
    expect(flow).toEqual([]);

    el.session = session; // the app's fetch answered
    await until(() => connectApi.productRequests.length === 1);
    await tick(20);
    expect(el.available).toBe(false); // canMakePayments() alone is not enough
    await startFromGesture(el); // a click before Connect answered: nothing either
    expect(applePay.sessions).toEqual([]);
    answer.open();
    await until(() => el.available);
    expect(seen).toEqual([false, true]);
    expect(events.map((e) => e.detail)).toEqual([
      { available: false, reason: 'no-session' },
      { available: true },
    ]);

    await click(el);
    await until(() => types(flow).includes('apple-pay-merchant-validated'));
    expect(applePay.last.request.supportedNetworks).toEqual(['visa']);
  });

  it('never shows when the late session’s basket is not offered (SEK)', async () => {
    connectApi.respondToProduct(notOffered);
    const events = recordEvents(AVAILABILITY);
    const el = await orderWithoutSession();
    const seen = watchAvailable(el);
    await until(() => events.length === 1);
    el.session = session;
    await until(() => events.length === 2);
    await tick(50);
    expect(events.map((e) => e.detail)).toEqual([
      { available: false, reason: 'no-session' },
      { available: false, reason: 'not-offered' },
    ]);
    expect(seen).toEqual([false]);
  });

  it('stays hidden and quiet when the session fetch fails (no session ever comes)', async () => {
    const events = recordEvents([...AVAILABILITY, 'apple-pay-start']);
    const el = await orderWithoutSession();
    const seen = watchAvailable(el);
    await tick(300);
    await startFromGesture(el);
    await tick(20);
    expect(events.map((e) => e.detail)).toEqual([{ available: false, reason: 'no-session' }]);
    expect(seen).toEqual([false]);
    expect(applePay.sessions).toEqual([]);
  });

  it('takes the three attributes set later, as it takes the session property', async () => {
    const events = recordEvents(AVAILABILITY);
    const el = await orderWithoutSession();
    await until(() => events.length === 1);
    const seen = watchAvailable(el);
    el.setAttribute('client-session-id', CLIENT_SESSION_ID);
    el.setAttribute('customer-id', CUSTOMER_ID);
    el.setAttribute('client-api-url', CLIENT_API_URL);
    await until(() => el.available);
    expect(connectApi.productRequests).toHaveLength(1);
    expect(connectApi.productRequests[0]!.headers.get('Authorization')).toBe(
      `GCS v1Client:${CLIENT_SESSION_ID}`,
    );
    expect(seen).toEqual([false, true]);
  });

  it('asks Connect once when the session is set before the element is connected', async () => {
    const host = await fixture<HTMLElement>(html`<div></div>`);
    const el = document.createElement('apple-pay-session-button');
    el.session = session;
    const seen = watchAvailable(el);
    for (const [name, value] of Object.entries({
      'display-name': 'Shop',
      'country-code': 'NL',
      'currency-code': 'EUR',
      amount: '5.00',
    }))
      el.setAttribute(name, value);
    host.append(el);
    await until(() => el.available);
    await tick(200);
    expect(connectApi.productRequests).toHaveLength(1);
    expect(seen).toEqual([false, true]);
  });
});

describe('a sessionProvider without a session', () => {
  /** A provider issuing `p-0`, `p-1`, …; `calls` counts them. */
  function provider() {
    const issued = { calls: 0 };
    const get = async () => ({
      clientSessionId: `p-${issued.calls++}`,
      customerId: CUSTOMER_ID,
      clientApiUrl: CLIENT_API_URL,
    });
    return { issued, get };
  }

  it('is asked once for the product look-up, whose client session serves later look-ups', async () => {
    const { issued, get } = provider();
    const el = await orderWithoutSession({ 'country-code': 'NL', 'currency-code': 'EUR' });
    el.sessionProvider = get;
    await until(() => el.available);
    expect(authorizationsOf(connectApi.productRequests)).toEqual(['GCS v1Client:p-0']);
    el.amount = '20.00';
    await until(() => connectApi.productRequests.length === 2);
    expect(authorizationsOf(connectApi.productRequests)).toEqual([
      'GCS v1Client:p-0',
      'GCS v1Client:p-0',
    ]);
    expect(issued.calls).toBe(1);
  });

  it('is asked again when Connect refuses its client session (401), and the look-up retried', async () => {
    const { get } = provider();
    connectApi.respondToProduct((request) =>
      request.headers.get('Authorization') === 'GCS v1Client:p-0'
        ? json(401, { errorId: 'e', errors: [{ code: '9002' }] })
        : productResponse(),
    );
    const events = recordEvents(AVAILABILITY);
    const el = await orderWithoutSession();
    el.sessionProvider = get;
    await until(() => el.available);
    expect(authorizationsOf(connectApi.productRequests)).toEqual([
      'GCS v1Client:p-0',
      'GCS v1Client:p-1',
    ]);
    expect(types(events)).not.toContain('apple-pay-error');
  });

  it('keeps the button hidden and reports it when the provider fails; the next check asks again', async () => {
    const events = recordEvents(AVAILABILITY);
    const el = await orderWithoutSession();
    let calls = 0;
    el.sessionProvider = () => (calls++, Promise.reject(new TypeError('Failed to fetch')));
    const seen = watchAvailable(el);
    await until(() => types(events).includes('apple-pay-error'));
    expect(events.at(-2)!.detail).toEqual({ available: false, reason: 'lookup-failed' });
    // The merchant's own function failed: its code says so, its error is the cause.
    expect(events.at(-1)!.detail).toMatchObject({
      stage: 'availability',
      error: { code: 'merchant-validator' },
    });
    expect(events.at(-1)!.detail.error.cause).toBeInstanceOf(TypeError);
    expect(connectApi.productRequests).toEqual([]);

    el.sessionProvider = provider().get;
    await until(() => el.available);
    expect(calls).toBe(2); // once more after the failure, as after an expired session
    expect(seen).toEqual([false, true]);
  });
});

describe('a sessionProvider that does not answer, or is replaced', () => {
  const never = () => new Promise<SessionDetails>(() => {});
  const answering = (prefix: string) => {
    let issued = 0;
    return async () => ({
      clientSessionId: `${prefix}-${issued++}`,
      customerId: CUSTOMER_ID,
      clientApiUrl: CLIENT_API_URL,
    });
  };

  it('has failed at validation-timeout: hidden with reason lookup-failed, one error with code timeout', async () => {
    const events = recordEvents(AVAILABILITY);
    const el = await orderWithoutSession({ 'validation-timeout': '150' });
    const seen = watchAvailable(el);
    await until(() => events.length === 1); // no-session
    el.sessionProvider = never;
    await until(() => types(events).includes('apple-pay-error'), 2000);
    expect(events.slice(1).map((e) => e.detail)).toEqual([
      { available: false, reason: 'lookup-failed' },
      { stage: 'availability', error: expect.objectContaining({ code: 'timeout' }) },
    ]);
    expect(seen).toEqual([false]);
    expect(connectApi.productRequests).toEqual([]);
  });

  it('is asked again at the next check after it failed to answer', async () => {
    let calls = 0;
    const later = answering('later');
    const el = await orderWithoutSession({ 'validation-timeout': '150' });
    const events = recordEvents(AVAILABILITY);
    el.sessionProvider = () => (++calls === 1 ? never() : later());
    await until(() => types(events).includes('apple-pay-error'), 2000);
    el.amount = '150.00';
    await until(() => el.available, 2000);
    expect(calls).toBe(2);
  });

  it('a new provider forgets the wait for the old one: the button shows without waiting for its deadline', async () => {
    const el = await orderWithoutSession(); // validation-timeout: 20 s
    el.sessionProvider = never;
    await tick(50);
    el.sessionProvider = answering('new');
    await until(() => el.available, 1000);
    expect(authorizationsOf(connectApi.productRequests)).toEqual(['GCS v1Client:new-0']);
  });

  it('a new provider forgets the old one’s answer: the next look-up uses the new one’s client session', async () => {
    const el = await orderWithoutSession();
    el.sessionProvider = answering('old');
    await until(() => el.available);
    el.sessionProvider = answering('new');
    await until(() => connectApi.productRequests.length === 2);
    expect(authorizationsOf(connectApi.productRequests)).toEqual([
      'GCS v1Client:old-0',
      'GCS v1Client:new-0',
    ]);
  });

  it('that hangs at merchant validation ends the sheet at once with code timeout', async () => {
    const el = await orderWithoutSession({
      'validation-timeout': '150',
      'supported-networks': 'visa',
    });
    el.session = session; // look-ups use it; merchant validation asks the provider
    await until(() => el.available);
    el.sessionProvider = never;
    await el.updateComplete;
    const events = recordEvents();
    await click(el);
    const started = performance.now();
    await until(() => types(events).includes('apple-pay-error'), 2000);
    expect(performance.now() - started).toBeLessThan(1000); // not Safari's own 30 s
    expect(events.at(-1)!.detail).toMatchObject({
      stage: 'merchant-validation',
      error: { code: 'timeout' },
    });
    expect(applePay.last.state).toBe('aborted');
    expect(connectApi.requests).toEqual([]);
  });
});

describe('a click while a re-check is pending', () => {
  /** A shown button for NL/EUR whose look-ups for `currency` wait for the returned gate, then answer `answer`. */
  async function shownButton(currency: string, answer: () => Response) {
    const held = gate();
    connectApi.respondToProduct((request) =>
      lookupOf(request).get('currencyCode') === currency
        ? held.opened.then(answer)
        : productResponse(),
    );
    const el = await orderWithoutSession({
      'country-code': 'NL',
      'currency-code': 'EUR',
      amount: '12.50',
      'supported-networks': 'visa',
    });
    el.session = session;
    await until(() => el.available);
    return { el, held };
  }

  it('starts the session in the gesture, and ends it with an error when Connect does not offer the new currency', async () => {
    const { el, held } = await shownButton('SEK', notOffered);
    const events = recordEvents();
    const seen = watchAvailable(el);
    el.currencyCode = 'SEK';
    await el.updateComplete;
    await click(el); // at once, as the shopper may
    expect(applePay.sessions).toHaveLength(1);
    expect(applePay.last.request.currencyCode).toBe('SEK');
    await until(() =>
      connectApi.productRequests.some((r) => lookupOf(r).get('currencyCode') === 'SEK'),
    );
    await tick(50);
    expect(applePay.last.state).toBe('active');
    expect(applePay.last.merchantSession).toBeUndefined(); // waits for Connect's answer
    held.open();
    await until(() => types(events).includes('apple-pay-error'));
    expect(types(events)).toEqual(['apple-pay-start', 'apple-pay-error']);
    expect(events[1]!.detail).toMatchObject({
      stage: 'merchant-validation',
      error: { code: 'not-offered' },
    });
    expect(applePay.last.state).toBe('aborted');
    expect(applePay.last.merchantSession).toBeUndefined();
    expect(el.active).toBe(false);
    await until(() => !el.available);
    expect(seen).toEqual([true, false]); // hidden once Connect said so, not before
  });

  it('ends the session with code cannot-make-payments when Apple Pay can no longer pay here', async () => {
    const { el, held } = await shownButton('USD', () => productResponse());
    const events = recordEvents();
    el.currencyCode = 'USD';
    await el.updateComplete;
    // The shopper's last card goes, say, as they click: the re-check still waits for Connect.
    el.addEventListener('apple-pay-start', () => (applePay.canMakePayments = false));
    await click(el);
    held.open();
    await until(() => types(events).includes('apple-pay-error'));
    expect(events.at(-1)!.detail).toMatchObject({
      stage: 'merchant-validation',
      error: { code: 'cannot-make-payments' },
    });
    expect(applePay.last.state).toBe('aborted');
    expect(connectApi.requests).toEqual([]);
  });

  it('completes merchant validation only once Connect has offered the new amount', async () => {
    const { el, held } = await shownButton('USD', () => productResponse(['VISA']));
    const events = recordEvents();
    el.currencyCode = 'USD';
    await el.updateComplete;
    await click(el);
    await until(() =>
      connectApi.productRequests.some((r) => lookupOf(r).get('currencyCode') === 'USD'),
    );
    await tick(50);
    expect(connectApi.requests).toEqual([]); // no merchant session for an unchecked basket
    expect(applePay.last.merchantSession).toBeUndefined();
    held.open();
    await until(() => types(events).includes('apple-pay-merchant-validated'));
    expect(applePay.last.state).toBe('active');
    expect(types(events)).toEqual(['apple-pay-start', 'apple-pay-merchant-validated']);
  });

  it('asks Connect about a replaced session before it validates, and keeps the button shown meanwhile', async () => {
    const held = gate();
    connectApi.respondToProduct((request) =>
      request.headers.get('Authorization') === 'GCS v1Client:replaced'
        ? held.opened.then(() => productResponse())
        : productResponse(),
    );
    const el = await orderWithoutSession({ 'supported-networks': 'visa' });
    el.session = session;
    await until(() => el.available);
    const seen = watchAvailable(el);
    const events = recordEvents();
    el.session = { ...session, clientSessionId: 'replaced' };
    await el.updateComplete;
    await click(el);
    await until(() => connectApi.productRequests.length === 3); // the first, the re-check, the click's
    await tick(50);
    expect(connectApi.requests).toEqual([]);
    expect(applePay.last.merchantSession).toBeUndefined();
    held.open();
    await until(() => types(events).includes('apple-pay-merchant-validated'));
    expect(connectApi.last.headers.get('Authorization')).toBe('GCS v1Client:replaced');
    expect(seen).toEqual([true]);
  });

  it('asks Connect about the basket apple-pay-start changed', async () => {
    connectApi.respondToProduct((request) =>
      lookupOf(request).get('amount') === '99900' ? notOffered() : productResponse(),
    );
    const el = await orderWithoutSession({ 'supported-networks': 'visa' });
    el.session = session;
    await until(() => el.available);
    const events = recordEvents();
    el.addEventListener('apple-pay-start', (event) => {
      event.detail.request.total.amount = '999.00';
    });
    await click(el);
    await until(() => types(events).includes('apple-pay-error'));
    expect(events.at(-1)!.detail).toMatchObject({ error: { code: 'not-offered' } });
    expect(applePay.last.merchantSession).toBeUndefined();
  });

  it('does not ask again when the basket is the one Connect offered', async () => {
    const el = await orderWithoutSession({ 'supported-networks': 'visa' });
    el.session = session;
    await until(() => el.available);
    connectApi.respondToProduct(hang); // Connect no longer answers: only the last answer can serve
    el.locale = 'sv-SE'; // a re-check, but the same basket
    await el.updateComplete;
    const events = recordEvents();
    await click(el);
    await until(() => types(events).includes('apple-pay-merchant-validated'));
  });
});

describe('the basket arrives after the client session', () => {
  it('a click before Connect has named its networks does nothing; once it has, the session has them', async () => {
    const answer = gate();
    connectApi.respondToProduct(() => answer.opened.then(() => productResponse(['VISA', 'AMEX'])));
    const el = await orderWithoutSession({
      'country-code': 'NL',
      'currency-code': 'EUR',
      amount: '',
    });
    el.session = session;
    // No amount yet: nothing to ask Connect about, and the button shows for the click to report it.
    await until(() => el.available);
    el.amount = '12.50';
    await until(() => connectApi.productRequests.length === 1);
    const flow = recordEvents();
    await click(el); // Connect has not answered: no networks to pay with yet
    await tick(20);
    expect(applePay.sessions).toEqual([]);
    expect(flow).toEqual([]);

    answer.open();
    await until(() => el.available && connectApi.productRequests.length === 1);
    await tick(20);
    await click(el);
    await until(() => applePay.sessions.length === 1);
    expect(applePay.last.request.supportedNetworks).toEqual(['visa', 'amex']);
    expect(applePay.takeMisuses()).toEqual([]);
  });
});

describe('typing an amount', () => {
  it('does not make the button flicker, and costs one look-up', async () => {
    connectApi.respondToProduct(() => tick(40).then(() => productResponse()));
    const el = await orderWithoutSession({ 'country-code': 'NL', 'currency-code': 'EUR' });
    el.session = session;
    await until(() => el.available);
    const seen = watchAvailable(el);
    for (const amount of ['1', '14', '149', '149.', '149.5']) {
      el.amount = amount;
      await tick(30);
    }
    await tick(400);
    expect(seen).toEqual([true]);
    expect(connectApi.productRequests.map((r) => lookupOf(r).get('amount'))).toEqual([
      '14900',
      '14950',
    ]);
  });
});
