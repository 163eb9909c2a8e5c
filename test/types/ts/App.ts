// A plain TypeScript page using the element as the README does.
import 'apple-pay-session-button';
import {
  ApplePaySessionButton,
  ApplePaySessionButtonError,
  type ApplePayAuthorizedDetail,
  type ApplePayButtonType,
} from 'apple-pay-session-button/element';

export const checkout: ApplePayButtonType = 'check-out';

const button = document.querySelector('apple-pay-session-button');
if (button) {
  button.buttonStyle = 'white-outline';
  button.buttonType = 'add-money';
  button.addEventListener('apple-pay-cancel', (event) => {
    if (event.detail.authorized) console.warn('ask the server whether the order was paid');
  });
  button.amount = '12.50';
  button.addEventListener('apple-pay-authorized', (event) => {
    const charged = fetch('/pay', {
      method: 'POST',
      body: JSON.stringify(event.detail.payment.token),
    });
    event.detail.complete(
      charged.then((r) => (r.ok ? ApplePaySession.STATUS_SUCCESS : ApplePaySession.STATUS_FAILURE)),
    );
  });
  button.addEventListener('apple-pay-error', (event) => {
    if (event.detail.error instanceof ApplePaySessionButtonError)
      console.warn(event.detail.error.code);
  });
}
ApplePaySessionButton.define('my-apple-pay-button');

// The payment is Apple's type, not `any` (an `any` would make `IsAny` true and this line fail).
type IsAny<T> = 0 extends 1 & T ? true : false;
export const paymentIsTyped: IsAny<ApplePayAuthorizedDetail['payment']> = false;
export const tokenIsTyped: IsAny<ApplePayAuthorizedDetail['payment']['token']> = false;
