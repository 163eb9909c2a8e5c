// A React 19 app: JSX sees the element's properties, attributes and typed events.
import 'apple-pay-session-button';
import type {} from 'apple-pay-session-button/react';
import type { SessionDetails } from 'apple-pay-session-button/element';

declare const session: SessionDetails;

export const App = () => (
  <apple-pay-session-button
    session={session}
    display-name="Shop"
    amount="12.50"
    button-type="buy"
    button-style="white-outline"
    paymentRequest={{ lineItems: [{ label: 'Tote', amount: '12.50' }] }}
    onapple-pay-authorized={(event) =>
      event.detail.complete(
        event.detail.payment.token.paymentData
          ? ApplePaySession.STATUS_SUCCESS
          : ApplePaySession.STATUS_FAILURE,
      )
    }
    onapple-pay-error={(event) => console.warn(event.detail.error.code)}
  />
);
