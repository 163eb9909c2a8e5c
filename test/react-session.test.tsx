// React 19's usual order (issue 14): the element mounts, an effect fetches the client session, state sets it.
// The button shows only once Connect has offered Apple Pay for that session, and never shows and then hides.
import { act, useEffect, useState } from 'react';
import type {} from '../src/react.js';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApplePaySessionButton, SessionDetails } from '../src/element.js';
import { applePay } from './support/apple-pay-session-double.js';
import { connectApi, json, productResponse } from './support/connect-api-double.js';
import {
  CLIENT_API_URL,
  CLIENT_SESSION_ID,
  CUSTOMER_ID,
  click,
  recordEvents,
  startFromGesture,
  until,
  watchAvailable,
} from './support/fixtures.js';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const session: SessionDetails = {
  clientSessionId: CLIENT_SESSION_ID,
  customerId: CUSTOMER_ID,
  clientApiUrl: CLIENT_API_URL,
};

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/**
 * The README's React pattern: a checkout that fetches its client session after mounting. `fetchSession` is the
 * app's fetch; the returned `element` is read once React has mounted it.
 */
async function renderCheckout(fetchSession: () => Promise<SessionDetails>, currency = 'EUR') {
  const container = document.body.appendChild(document.createElement('div'));
  const root = createRoot(container);
  cleanups.push(() => {
    act(() => root.unmount());
    container.remove();
  });
  let element: ApplePaySessionButton | null = null;
  function Checkout() {
    const [clientSession, setClientSession] = useState<SessionDetails>();
    useEffect(() => {
      fetchSession().then(setClientSession, () => {}); // a failed fetch: the app shows its other methods
    }, []);
    return (
      <apple-pay-session-button
        ref={(el: ApplePaySessionButton | null) => void (element = el)}
        session={clientSession}
        display-name="React Shop"
        country-code="SE"
        currency-code={currency}
        amount="149.00"
      />
    );
  }
  await act(async () => root.render(<Checkout />));
  return element!;
}

/** A session fetch the test answers by hand. */
function sessionFetch() {
  let answer!: (session: SessionDetails) => void;
  let fail!: (error: Error) => void;
  const fetched = new Promise<SessionDetails>((resolve, reject) => {
    answer = resolve;
    fail = reject;
  });
  return { fetchSession: () => fetched, answer, fail };
}

describe('React 19: mount, then fetch the client session', () => {
  it('stays hidden (no-session) until the session comes and Connect offers Apple Pay, then pays', async () => {
    const { fetchSession, answer } = sessionFetch();
    const events = recordEvents(['apple-pay-availability', 'apple-pay-error']);
    const el = await renderCheckout(fetchSession);
    const seen = watchAvailable(el);
    await until(() => events.length === 1);
    expect(events[0]!.detail).toEqual({ available: false, reason: 'no-session' });
    await startFromGesture(el);
    expect(applePay.sessions).toEqual([]);

    await act(async () => answer(session));
    await until(() => el.available);
    expect(seen).toEqual([false, true]);
    expect(connectApi.productRequests).toHaveLength(1);
    await click(el);
    await until(() => applePay.last.merchantSession !== undefined);
    expect(applePay.last.request).toMatchObject({
      currencyCode: 'EUR',
      supportedNetworks: ['visa', 'masterCard', 'amex'],
    });
    expect(events.map((e) => e.type)).not.toContain('apple-pay-error');
  });

  it('never shows when Connect does not offer the currency (SEK)', async () => {
    connectApi.respondToProduct(() => json(404, { errorId: 'e', errors: [{ code: '1007' }] }));
    const { fetchSession, answer } = sessionFetch();
    const events = recordEvents(['apple-pay-availability']);
    const el = await renderCheckout(fetchSession, 'SEK');
    const seen = watchAvailable(el);
    await until(() => events.length === 1);
    await act(async () => answer(session));
    await until(() => events.length === 2);
    await tick(50);
    expect(events.map((e) => e.detail.reason)).toEqual(['no-session', 'not-offered']);
    expect(seen).toEqual([false]);
  });

  it('stays hidden when the session fetch fails', async () => {
    const { fetchSession, fail } = sessionFetch();
    connectApi.respondToProduct(() => productResponse());
    const events = recordEvents(['apple-pay-availability', 'apple-pay-error', 'apple-pay-start']);
    const el = await renderCheckout(fetchSession);
    const seen = watchAvailable(el);
    await act(async () => fail(new Error('502 from /checkout/apple-pay-session')));
    await tick(200);
    await startFromGesture(el);
    await tick(20);
    expect(events.map((e) => e.detail)).toEqual([{ available: false, reason: 'no-session' }]);
    expect(seen).toEqual([false]);
    expect(applePay.sessions).toEqual([]);
  });
});
