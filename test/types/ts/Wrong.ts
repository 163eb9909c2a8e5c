// Misuses a plain TypeScript page must be told about.
import type {} from 'apple-pay-session-button';
import type { ApplePayButtonType } from 'apple-pay-session-button/element';

export const button = document.createElement('apple-pay-session-button');

// must fail (TS2820): there is no such style
button.buttonStyle = 'whte';
// must fail (TS2820): Apple has no such button type
button.buttonType = 'chek-out';
// must fail (TS2820): nor does its exported type
export const type: ApplePayButtonType = 'chek-out';
// must fail (TS2322): the amount is Apple's decimal string
button.amount = 12.5;
// must fail (TS2551): the token is at detail.payment.token (an `any` payment would let this through)
button.addEventListener('apple-pay-authorized', (event) => event.detail.payment.tokn);
// must fail (TS2339): a misspelt event is a plain Event, without `detail`
button.addEventListener('apple-pay-authorised', (event) => event.detail);
