// What the double's tests construct and how they read the result, in the test page or in a page of their own.

/** The smallest request Safari takes: one network, one capability, a total. */
export const basicRequest: ApplePayJS.ApplePayPaymentRequest = {
  countryCode: 'NL',
  currencyCode: 'EUR',
  supportedNetworks: ['visa'],
  merchantCapabilities: ['supports3DS'],
  total: { label: 'Shop', amount: '1.00' },
};

/** What a call did: `'accepted'`, or the error it threw as `"Name: message"`. */
export function outcome(call: () => unknown): string {
  try {
    call();
    return 'accepted';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}
