// An Apple merchant session as Apple's gateway answers it (the shape Safari's completeMerchantValidation takes);
// the recipes pass it through to the browser unchanged.
export const merchantSession = {
  epochTimestamp: 1_700_000_000_000,
  expiresAt: 1_700_003_600_000,
  merchantSessionIdentifier: 'SSH0123456789',
  nonce: 'abcd1234',
  merchantIdentifier: 'ABCDEF',
  domainName: 'shop.example.com',
  displayName: 'Example Shop',
  signature: 'c2lnbmF0dXJl',
};
