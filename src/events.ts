// The `apple-pay-*` events: detail types, and the HTMLElementEventMap entries that type addEventListener.
import type { UnavailableReason } from './availability.js';
import type { ApplePaySessionButtonError } from './errors.js';

export type { UnavailableReason };

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

/** An answer to a selection event: new totals, line items, shipping methods or errors for the sheet. */
export type SelectionUpdate = Partial<
  ApplePayJS.ApplePayPaymentMethodUpdate &
    ApplePayJS.ApplePayShippingMethodUpdate &
    ApplePayJS.ApplePayShippingContactUpdate &
    ApplePayJS.ApplePayCouponCodeUpdate
>;

/** Common to the four selection events: answer with `complete(update)` during dispatch (a Promise is fine). */
interface SelectionDetail {
  complete(update: SelectionUpdate | PromiseLike<SelectionUpdate>): void;
}
export interface ApplePayPaymentMethodSelectedDetail extends SelectionDetail {
  paymentMethod: ApplePayJS.ApplePayPaymentMethod;
}
export interface ApplePayShippingMethodSelectedDetail extends SelectionDetail {
  shippingMethod: ApplePayJS.ApplePayShippingMethod;
}
export interface ApplePayShippingContactSelectedDetail extends SelectionDetail {
  shippingContact: ApplePayJS.ApplePayPaymentContact;
}
export interface ApplePayCouponCodeChangedDetail extends SelectionDetail {
  couponCode: string;
}

/** Why the button is hidden; see `UnavailableReason`. */
export interface ApplePayAvailabilityDetail {
  available: boolean;
  reason?: UnavailableReason;
  /** Apple's `applePayCapabilities` answer, when `merchant-identifier` is set and the browser has it. */
  credentialStatus?: ApplePayJS.PaymentCredentialStatus;
}

export interface ApplePayCancelDetail {
  /**
   * True when the shopper had already authorised the payment: your charge may be under way or done. Ask your
   * server before telling the shopper anything about their money; never say they were not charged. False before.
   */
  authorized: boolean;
  /** Safari's reason, when the sheet was dismissed (not when the page ended the session). */
  sessionError?: ApplePaySessionError;
}

export interface ApplePayErrorDetail {
  stage: ApplePayErrorStage;
  error: ApplePaySessionButtonError;
}

/** Every event of `<apple-pay-session-button>`, by name. */
export interface ApplePaySessionButtonEventMap {
  'apple-pay-availability': CustomEvent<ApplePayAvailabilityDetail>;
  'apple-pay-start': CustomEvent<ApplePayStartDetail>;
  'apple-pay-payment-method-selected': CustomEvent<ApplePayPaymentMethodSelectedDetail>;
  'apple-pay-shipping-method-selected': CustomEvent<ApplePayShippingMethodSelectedDetail>;
  'apple-pay-shipping-contact-selected': CustomEvent<ApplePayShippingContactSelectedDetail>;
  'apple-pay-coupon-code-changed': CustomEvent<ApplePayCouponCodeChangedDetail>;
  'apple-pay-merchant-validated': CustomEvent<Record<string, never>>;
  'apple-pay-authorized': CustomEvent<ApplePayAuthorizedDetail>;
  'apple-pay-cancel': CustomEvent<ApplePayCancelDetail>;
  'apple-pay-error': CustomEvent<ApplePayErrorDetail>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends ApplePaySessionButtonEventMap {}
}
