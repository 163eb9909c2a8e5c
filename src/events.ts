// The `apple-pay-*` events: detail types, and the HTMLElementEventMap entries that type addEventListener.
import type { ApplePaySessionButtonError } from './errors.js';

/** Where in the flow an `apple-pay-error` happened. */
export type ApplePayErrorStage =
  'configuration' | 'availability' | 'merchant-validation' | 'authorization';

/** What the merchant may pass to `complete()` on `apple-pay-authorized`: a result, or a bare status. */
export type AuthorizationResult = ApplePayJS.ApplePayPaymentAuthorizationResult | number;

/** Safari's `ApplePayCancelEvent.sessionError`. */
export interface ApplePaySessionError {
  code: string;
  info: Record<string, string>;
}

export interface ApplePayStartDetail {
  /** The request about to be passed to `new ApplePaySession`; change it in place. */
  request: ApplePayJS.ApplePayPaymentRequest;
}

export interface ApplePayAuthorizedDetail {
  /** The payment with its token: send `payment.token` to your server to charge it. */
  payment: ApplePayJS.ApplePayPayment;
  /** Ends the payment with your server's answer. Call it while the event is dispatched; a Promise is fine. */
  complete(result: AuthorizationResult | PromiseLike<AuthorizationResult>): void;
}

export interface ApplePayCancelDetail {
  sessionError?: ApplePaySessionError;
}

export interface ApplePayErrorDetail {
  stage: ApplePayErrorStage;
  error: ApplePaySessionButtonError;
}

declare global {
  interface HTMLElementEventMap {
    'apple-pay-start': CustomEvent<ApplePayStartDetail>;
    'apple-pay-merchant-validated': CustomEvent<Record<string, never>>;
    'apple-pay-authorized': CustomEvent<ApplePayAuthorizedDetail>;
    'apple-pay-cancel': CustomEvent<ApplePayCancelDetail>;
    'apple-pay-error': CustomEvent<ApplePayErrorDetail>;
  }
}
