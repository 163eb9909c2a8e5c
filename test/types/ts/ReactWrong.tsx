// Misuses React's type-check must report.
import type {} from 'apple-pay-session-button/react';

// prettier-ignore
export const Wrong = () => (
  <>
    {/* must fail (TS2322): there is no such style */}
    <apple-pay-session-button button-style="whte" />
    {/* must fail (TS2322): Apple has no such button type */}
    <apple-pay-session-button button-type="chek-out" />
    {/* must fail (TS2322): the amount is Apple's decimal string */}
    <apple-pay-session-button amount={12.5} />
    {/* must fail (TS2551): the token is at detail.payment.token */}
    <apple-pay-session-button onapple-pay-authorized={(event) => event.detail.payment.tokn} />
  </>
);
