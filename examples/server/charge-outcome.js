// @ts-check
// What the Apple Pay sheet should show, from Connect's answer to `payments.create`. The sheet has two
// outcomes that matter here: success (the order is taken) and failure (the customer may try another card).

/** ApplePaySession.STATUS_SUCCESS and STATUS_FAILURE: fixed numbers in Apple Pay JS, so the server can send them. */
export const STATUS_SUCCESS = 0;
export const STATUS_FAILURE = 1;

// The order is taken: the payment is authorised, or queued for capture, or waits for the merchant's own
// approval or fraud review — all decided by the merchant from here on, not by the customer.
const ORDER_TAKEN = new Set([
  'PENDING_APPROVAL',
  'PENDING_CAPTURE',
  'PENDING_FRAUD_APPROVAL',
  'AUTHORIZATION_REQUESTED',
  'CAPTURE_REQUESTED',
  'CAPTURED',
  'PAID',
]);

/**
 * Success only for a payment whose Connect `status` means the order is taken and that asks for no further
 * customer step (`merchantAction`: a sheet cannot redirect). REJECTED, CANCELLED, REDIRECTED,
 * PENDING_COMPLETION and any status Connect adds later are failures.
 * @param {{ payment?: { status?: string | null } | null, merchantAction?: unknown } | null | undefined} result
 *   Connect's CreatePaymentResponse, or the `paymentResult` of its PaymentErrorResponse.
 */
export function sheetStatusFor(result) {
  const status = result?.payment?.status;
  return status && ORDER_TAKEN.has(status) && !result?.merchantAction
    ? STATUS_SUCCESS
    : STATUS_FAILURE;
}
