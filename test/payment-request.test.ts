import { describe, expect, it } from 'vitest';
import {
  buildPaymentRequest,
  chooseVersion,
  validatePaymentRequest,
} from '../src/payment-request.js';

const config = {
  countryCode: 'NL',
  currencyCode: 'EUR',
  amount: '12.50',
  displayName: 'Example Shop',
  supportedNetworks: ['visa', 'masterCard'],
};

describe('buildPaymentRequest', () => {
  it('builds the request Apple documents, with sensible defaults', () => {
    expect(buildPaymentRequest(config)).toEqual({
      countryCode: 'NL',
      currencyCode: 'EUR',
      supportedNetworks: ['visa', 'masterCard'],
      merchantCapabilities: ['supports3DS'],
      total: { label: 'Example Shop', amount: '12.50', type: 'final' },
    });
  });

  it('labels the total with total-label when given', () => {
    expect(buildPaymentRequest({ ...config, totalLabel: 'Order 42' }).total.label).toBe('Order 42');
  });

  it('merges paymentRequest over what the attributes build', () => {
    const lineItems = [{ label: 'Shirt', amount: '12.50' }];
    const request = buildPaymentRequest({
      ...config,
      merchantCapabilities: ['supports3DS', 'supportsDebit'],
      paymentRequest: {
        lineItems,
        requiredShippingContactFields: ['email'],
        total: { label: 'Total', amount: '9.99' },
      },
    });
    expect(request).toMatchObject({
      merchantCapabilities: ['supports3DS', 'supportsDebit'],
      lineItems,
      requiredShippingContactFields: ['email'],
      total: { label: 'Total', amount: '9.99' },
    });
  });
});

describe('validatePaymentRequest', () => {
  const valid = () => buildPaymentRequest(config);

  it('accepts a complete request', () => {
    expect(() => validatePaymentRequest(valid())).not.toThrow();
    expect(() =>
      validatePaymentRequest({ ...valid(), total: { label: 'x', amount: '1250' } }),
    ).not.toThrow();
  });

  it.each([
    ['country code', { countryCode: 'nl' }, /country-code/],
    ['country code', { countryCode: 'NLD' }, /country-code/],
    ['currency code', { currencyCode: 'EURO' }, /currency-code/],
    ['networks', { supportedNetworks: [] }, /supported-networks/],
    ['capabilities', { merchantCapabilities: [] }, /merchant-capabilities/],
    ['total label', { total: { label: ' ', amount: '1.00' } }, /label/],
    ['amount', { total: { label: 'x', amount: '12,50' } }, /amount/],
    ['amount', { total: { label: 'x', amount: '-1.00' } }, /amount/],
    ['amount', { total: { label: 'x', amount: '1.' } }, /amount/],
    ['amount', { total: { label: 'x', amount: '' } }, /amount/],
    ['line items', { lineItems: [{ label: 'x', amount: 'free' }] }, /line item/],
  ])('refuses a bad %s: %j', (_, change, message) => {
    const request = { ...valid(), ...change } as ApplePayJS.ApplePayPaymentRequest;
    expect(() => validatePaymentRequest(request)).toThrow(message);
    expect(() => validatePaymentRequest(request)).toThrow(
      expect.objectContaining({ code: 'configuration' }),
    );
  });

  it('allows negative line items (discounts)', () => {
    expect(() =>
      validatePaymentRequest({ ...valid(), lineItems: [{ label: 'Discount', amount: '-2.00' }] }),
    ).not.toThrow();
  });
});

describe('chooseVersion', () => {
  const upTo = (max: number) => (v: number) => v >= 1 && v <= max;

  it('takes the highest supported version, at most 15', () => {
    expect(chooseVersion(undefined, upTo(99))).toBe(15);
    expect(chooseVersion(undefined, upTo(12))).toBe(12);
    expect(chooseVersion(undefined, upTo(1))).toBe(1);
  });

  it('keeps a supported pinned version', () => {
    expect(chooseVersion(3, upTo(12))).toBe(3);
  });

  it.each([13, 0, 2.5, NaN])('refuses the pinned version %s', (pinned) => {
    expect(() => chooseVersion(pinned, upTo(12))).toThrow(
      expect.objectContaining({ code: 'configuration' }),
    );
  });
});
