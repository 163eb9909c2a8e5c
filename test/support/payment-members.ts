// Request members that define the payment, as the element's tests hand them over: one of each, valid on a Safari
// that reads it.

export const recurringPaymentRequest: ApplePayJS.ApplePayRecurringPaymentRequest = {
  paymentDescription: 'Membership',
  regularBilling: { paymentTiming: 'recurring', label: 'Monthly', amount: '12.50' },
  managementURL: 'https://shop.example/account',
};

export const deferredPaymentRequest = {
  paymentDescription: 'Hotel stay',
  deferredBilling: { paymentTiming: 'deferred', label: 'Stay', amount: '12.50' },
  managementURL: 'https://shop.example/booking',
} as ApplePayJS.ApplePayDeferredPaymentRequest;

export const disbursementRequest = { requiredRecipientContactFields: ['name'] };
