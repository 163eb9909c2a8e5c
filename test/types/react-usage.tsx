// Type-level check (tsc): React 19 JSX sees the element's properties, attributes and typed events.
import type {} from '../../src/react.js';
import type { SessionDetails } from '../../src/element.js';

declare const session: SessionDetails;

export const ok = (
  <apple-pay-session-button
    session={session}
    display-name="Shop"
    amount="12.50"
    button-style="white-outline"
    paymentRequest={{ lineItems: [{ label: 'Tote', amount: '12.50' }] }}
    onapple-pay-authorized={(event) => event.detail.complete(event.detail.payment.token ? 0 : 1)}
    onapple-pay-error={(event) => event.detail.error.code}
  />
);

// The misuses below must fail to type-check (each directive fails the build if its line compiles).
// prettier-ignore
// @ts-expect-error amount is Apple's decimal string, not a number
export const wrongAmount = <apple-pay-session-button amount={12.5} />;
// prettier-ignore
// @ts-expect-error there is no such style
export const wrongStyle = <apple-pay-session-button button-style="pink" />;
// prettier-ignore
// @ts-expect-error the authorized event's detail has no `token` (it is detail.payment.token)
export const wrongDetail = <apple-pay-session-button onapple-pay-authorized={(event) => event.detail.token} />;
