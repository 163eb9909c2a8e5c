// A payment button runs on pages we don't control, against networks that fail: random answers and
// configurations, expired client sessions, the back-forward cache, and many sessions in a row.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { applePay } from './support/apple-pay-session-double.js';
import {
  connectApi,
  json,
  merchantSessionResponse,
  sampleMerchantSession,
} from './support/connect-api-double.js';
import { consoleRecord } from './support/console-record.js';
import {
  CLIENT_API_URL,
  CLIENT_SESSION_ID,
  click,
  payButton,
  providerButton,
  recordEvents,
  until,
} from './support/fixtures.js';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const unauthorized = () =>
  json(401, {
    errorId: 'e',
    errors: [{ code: '9002', message: 'MISSING_OR_INVALID_AUTHORIZATION' }],
  });

describe('an expired client session (401/403)', () => {
  it('is retried once with a fresh session from sessionProvider', async () => {
    const events = recordEvents();
    const el = await providerButton('session');
    connectApi.respond((request) =>
      request.headers.get('Authorization') === 'GCS v1Client:session-1'
        ? unauthorized()
        : merchantSessionResponse(),
    );
    await click(el);
    await until(() => events.some((e) => e.type === 'apple-pay-merchant-validated'));
    expect(connectApi.requests.map((r) => r.headers.get('Authorization'))).toEqual([
      'GCS v1Client:session-1',
      'GCS v1Client:session-2',
    ]);
    expect(events.filter((e) => e.type === 'apple-pay-error')).toEqual([]);
  });

  it('is retried only once', async () => {
    const events = recordEvents();
    const el = await payButton();
    el.sessionProvider = async () => ({
      clientSessionId: CLIENT_SESSION_ID,
      customerId: 'c',
      clientApiUrl: CLIENT_API_URL,
    });
    connectApi.respond(() => json(403, { errorId: 'e', errors: [{ code: '9007' }] }));
    await click(el);
    await until(() => events.some((e) => e.type === 'apple-pay-error'));
    expect(connectApi.requests).toHaveLength(2);
    expect(events.at(-1)!.detail).toMatchObject({
      stage: 'merchant-validation',
      error: { code: '9007', status: 403 },
    });
    expect(applePay.last.state).toBe('aborted');
  });

  it('is not retried without a sessionProvider, nor for other errors', async () => {
    const events = recordEvents();
    connectApi.respond(unauthorized);
    await click(await payButton());
    await until(() => events.some((e) => e.type === 'apple-pay-error'));
    expect(connectApi.requests).toHaveLength(1);
  });
});

describe('the back-forward cache', () => {
  it('ends an open session when the page is stored, and checks availability again when it returns', async () => {
    const events = recordEvents();
    const el = await payButton();
    await click(el);
    await until(() => events.some((e) => e.type === 'apple-pay-merchant-validated'));
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    expect(applePay.last.state).toBe('aborted');
    expect(events.at(-1)!.type).toBe('apple-pay-cancel');
    const lookups = connectApi.productRequests.length;
    dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await until(() => connectApi.productRequests.length === lookups + 1, 1000);
  });

  it('leaves the session alone on a pagehide that does not store the page', async () => {
    const el = await payButton();
    await click(el);
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(applePay.last.state).toBe('active');
  });
});

describe('many sessions', () => {
  it('runs 100 sessions in a row, each with a new merchant session, and lets go of each one', async () => {
    const el = await payButton();
    const events = recordEvents();
    el.shadowRoot!.querySelector('button')!.focus();
    for (let round = 1; round <= 100; round++) {
      await userEvent.keyboard('{Enter}'); // a trusted gesture, cheaper than a pointer click
      await until(
        () => events.filter((e) => e.type === 'apple-pay-merchant-validated').length === round,
      );
      applePay.last.cancel();
    }
    expect(applePay.sessions).toHaveLength(100);
    expect(connectApi.requests).toHaveLength(100);
    expect(new Set(applePay.sessions.map((s) => s.merchantSession)).size).toBe(100);
    expect(el.active).toBe(false);
    // Safari may keep an ended session: none of our handlers may stay on it, keeping the element and its page.
    for (const session of applePay.sessions) {
      const handlers = Object.entries(session).filter(([key]) => key.startsWith('on'));
      expect(handlers.length).toBeGreaterThanOrEqual(7);
      expect(handlers.filter(([, handler]) => handler !== null)).toEqual([]);
    }
  }, 60_000);
});

// Answers a Connect Client API might give, good and bad.
const body = fc.oneof(
  fc.constant(
    JSON.stringify({
      paymentProductSession302SpecificOutput: {
        sessionObject: JSON.stringify(sampleMerchantSession),
      },
    }),
  ),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .jsonValue()
    .map((sessionObject) =>
      JSON.stringify({ paymentProductSession302SpecificOutput: { sessionObject } }),
    ),
  fc
    .string()
    .map((sessionObject) =>
      JSON.stringify({ paymentProductSession302SpecificOutput: { sessionObject } }),
    ),
  fc
    .record({
      errorId: fc.option(fc.string()),
      errors: fc.array(
        fc.record({ code: fc.option(fc.oneof(fc.string(), fc.integer())), message: fc.string() }),
      ),
    })
    .map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.constant('{"paymentProductSession302SpecificOutput":{"sessionObj'), // truncated
  fc.constant('x'.repeat(2_000_000)), // huge
);
const answer = fc.record({
  status: fc.constantFrom(200, 201, 204, 301, 400, 401, 403, 404, 409, 429, 500, 502, 503),
  contentType: fc.constantFrom('application/json', 'text/html', 'text/plain', ''),
  body,
  delivery: fc.constantFrom('at once', 'drip', 'drip past the deadline', 'hang', 'drop'),
});
const configuration = fc.record({
  amount: fc.oneof(
    fc.constantFrom('12.50', '0.01', '1250', '-1', '12,50', '', '1e3', '١٢'),
    fc.string({ maxLength: 8 }),
  ),
  currency: fc.constantFrom('EUR', 'JPY', 'KWD', 'eur', 'EURO', ''),
  country: fc.constantFrom('NL', 'US', 'nl', 'NLD', ''),
  displayName: fc.oneof(
    fc.constant('Shop'),
    fc.string({ maxLength: 80 }),
    fc.constant('🍏'.repeat(65)),
  ),
  networks: fc.constantFrom('visa', 'visa masterCard', '', ' , '),
});

type Answer = typeof answer extends fc.Arbitrary<infer T> ? T : never;

function respondWith(a: Answer) {
  const headers = a.contentType ? { 'Content-Type': a.contentType } : undefined;
  return ({ signal }: { signal: AbortSignal }) => {
    if (a.delivery === 'hang') return new Promise<Response>(() => {});
    if (a.delivery === 'drop') return Promise.reject(new TypeError('Failed to fetch'));
    if (a.delivery === 'at once' || a.status === 204)
      return new Response(a.status === 204 ? null : a.body, { status: a.status, headers });
    const bytes = new TextEncoder().encode(a.body);
    const pause = a.delivery === 'drip' ? 1 : 40;
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await tick(pause);
        if (signal.aborted) return controller.error(signal.reason);
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(
          bytes.slice(offset, (offset += Math.max(1, Math.ceil(bytes.length / 5)))),
        );
      },
    });
    return new Response(stream, { status: a.status, headers });
  };
}

describe('random answers and configurations', () => {
  it('always end the session cleanly, with at most one error and nothing leaked', async () => {
    const el = await payButton({ 'validation-timeout': '120' });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(answer, configuration, async (a, config) => {
        const events: string[] = [];
        const errors: Event[] = [];
        const record = (event: Event) => (
          events.push(event.type),
          event.type === 'apple-pay-error' && errors.push(event)
        );
        for (const type of ['apple-pay-error', 'apple-pay-merchant-validated', 'apple-pay-cancel'])
          el.addEventListener(type, record);
        try {
          Object.assign(el, {
            amount: config.amount,
            currencyCode: config.currency,
            countryCode: config.country,
            displayName: config.displayName,
            supportedNetworks: config.networks.split(/[\s,]+/).filter(Boolean),
          });
          connectApi.respond(respondWith(a));
          const sessionsBefore = applePay.sessions.length;
          el.hidden = false;
          el.toggleAttribute('available', true); // availability is not under test here: keep the button clickable
          await el.updateComplete;
          await click(el);
          // The click has run: it made a session, reported an error, or — with no networks to pay with while
          // Connect is being asked again — did nothing at all.
          let session = applePay.sessions.length > sessionsBefore ? applePay.last : undefined;
          const didNothing = !session && !events.length && !el.supportedNetworks?.length;
          if (!didNothing) await until(() => events.length > 0, 3000);
          session = applePay.sessions.length > sessionsBefore ? applePay.last : undefined;
          if (session?.state === 'active' && !session.awaitingValidation) session.cancel(); // the customer leaves
          await tick(5);

          expect(errors.length).toBeLessThanOrEqual(1);
          expect(el.active).toBe(false);
          if (session) expect(['aborted', 'canceled', 'completed']).toContain(session.state);
          if (errors.length) {
            const { error } = (errors[0] as CustomEvent).detail;
            expect(error.message).not.toMatch(/MISSING_OR_INVALID|PARAMETER_NOT_FOUND/);
            expect(error.message).not.toContain(CLIENT_SESSION_ID);
          }
          // The one expected refusal: Safari's constructor checks the request's fields, and its TypeError is
          // how the merchant learns of a bad one. Nothing else may misuse the session.
          const misuses = applePay.takeMisuses();
          expect(misuses.filter((m) => m.method !== 'constructor')).toEqual([]);
          expect(misuses.length).toBeLessThanOrEqual(1);
          if (misuses.length) {
            expect((errors[0] as CustomEvent).detail).toMatchObject({
              stage: 'configuration',
              error: { code: 'session-failed' },
            });
          }
        } finally {
          for (const type of [
            'apple-pay-error',
            'apple-pay-merchant-validated',
            'apple-pay-cancel',
          ])
            el.removeEventListener(type, record);
          run++;
        }
      }),
      { numRuns: 60, seed: 20261127, endOnFailure: true },
    );
    expect(run).toBeGreaterThanOrEqual(60);
    expect(consoleRecord.join('\n')).not.toContain(CLIENT_SESSION_ID);
  }, 120_000);
});
