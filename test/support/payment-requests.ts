// The smallest request Safari accepts: for tests of the session itself, where the request is not the point.
export const plainRequest: ApplePayJS.ApplePayPaymentRequest = {
  countryCode: 'NL',
  currencyCode: 'EUR',
  supportedNetworks: ['visa'],
  merchantCapabilities: ['supports3DS'],
  total: { label: 'Shop', amount: '1.00' },
};
