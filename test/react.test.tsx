// React 19 passes properties and listens to custom events on custom elements: the element works from JSX.
import { act } from 'react';
import type {} from '../src/react.js'; // what users import for JSX types
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import type {
  ApplePayAuthorizedDetail,
  ApplePaySessionButton,
  SessionDetails,
} from '../src/element.js';
import { applePay } from './support/apple-pay-session-double.js';
import { connectApi } from './support/connect-api-double.js';
import {
  CLIENT_API_URL,
  CLIENT_SESSION_ID,
  CUSTOMER_ID,
  click,
  until,
} from './support/fixtures.js';

const session: SessionDetails = {
  clientSessionId: CLIENT_SESSION_ID,
  customerId: CUSTOMER_ID,
  clientApiUrl: CLIENT_API_URL,
};

describe('from React 19', () => {
  it('takes properties, fires events to JSX handlers, and pays', async () => {
    const container = document.body.appendChild(document.createElement('div'));
    const root = createRoot(container);
    const seen: string[] = [];
    let element: ApplePaySessionButton | null = null;
    await act(async () => {
      root.render(
        <apple-pay-session-button
          ref={(el: ApplePaySessionButton | null) => void (element = el)}
          session={session}
          paymentRequest={{ lineItems: [{ label: 'Tote', amount: '49.00' }] }}
          display-name="React Shop"
          country-code="NL"
          currency-code="EUR"
          amount="49.00"
          supported-networks="visa"
          onapple-pay-merchant-validated={() => seen.push('validated')}
          onapple-pay-authorized={(event: CustomEvent<ApplePayAuthorizedDetail>) => {
            seen.push('authorized');
            event.detail.complete(ApplePaySession.STATUS_SUCCESS);
          }}
        />,
      );
    });
    const el = element!;
    expect(el.session).toEqual(session); // a property, not a "[object Object]" attribute
    expect(el.getAttribute('session')).toBeNull();
    await until(() => el.available);
    await click(el);
    await until(() => seen.includes('validated'));
    expect(connectApi.last.headers.get('Authorization')).toBe(`GCS v1Client:${CLIENT_SESSION_ID}`);
    expect(applePay.last.request.lineItems).toEqual([{ label: 'Tote', amount: '49.00' }]);
    applePay.last.authorize();
    await until(() => applePay.last.state === 'completed');
    expect(seen).toEqual(['validated', 'authorized']);
    act(() => root.unmount());
    container.remove();
  });
});
