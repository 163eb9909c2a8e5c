import { describe, expect, it } from 'vitest';
import {
  buildPaymentRequest,
  checkRequest,
  chooseVersion,
  fitToVersion,
  watchReads,
  prepareRequest,
  totalInMinorUnits,
} from '../src/payment-request.js';
import { applePay } from './support/apple-pay-session-double.js';

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

describe('totalInMinorUnits (what Safari cannot know: Connect charges minor units)', () => {
  const request = (amount: string | undefined, currencyCode: string) =>
    ({
      ...buildPaymentRequest(config),
      currencyCode,
      total: amount === undefined ? undefined : { label: 'x', amount },
    }) as ApplePayJS.ApplePayPaymentRequest;

  it.each([
    ['12.50', 'EUR', 1250],
    ['1250', 'JPY', 1250],
    ['1.005', 'KWD', 1005],
    ['0', 'EUR', 0],
  ])('takes %s %s as %i', (amount, currency, minor) => {
    expect(totalInMinorUnits(request(amount, currency))).toBe(minor);
  });

  it.each([
    ['12.50', 'JPY'],
    ['1.005', 'EUR'],
    ['12,50', 'EUR'],
    ['-1', 'EUR'],
    ['1.', 'EUR'],
    ['', 'EUR'],
    [undefined, 'EUR'],
  ])('refuses %j %s with a configuration error', (amount, currency) => {
    expect(() => totalInMinorUnits(request(amount, currency))).toThrow(
      expect.objectContaining({
        code: 'configuration',
        message: expect.stringContaining(currency),
      }),
    );
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

describe('fitToVersion', () => {
  const request = () => buildPaymentRequest(config);
  const recurringPaymentRequest = {
    paymentDescription: 'Subscription',
    regularBilling: { label: 'Monthly', amount: '9.99', paymentTiming: 'recurring' },
    managementURL: 'https://shop.example/account',
  } as ApplePayJS.ApplePayRecurringPaymentRequest;

  it('refuses supportedCountries before version 3, which would silently take cards from anywhere', () => {
    const withCountries = { ...request(), supportedCountries: ['NL'] };
    expect(() => fitToVersion(withCountries, 2)).toThrow(
      /supportedCountries needs Apple Pay JS version 3/,
    );
    expect(() => fitToVersion(withCountries, 3)).not.toThrow();
  });

  it('leaves the members that define the payment to watchReads: the version cannot tell', () => {
    const recurring = { ...request(), recurringPaymentRequest };
    expect(() => fitToVersion(recurring, 13)).not.toThrow();
  });

  it('leaves the coupon code and the contact editing mode at any version, as WebKit reads them', () => {
    const request11 = {
      ...request(),
      supportsCouponCode: true,
      couponCode: 'WELCOME',
      shippingContactEditingMode: 'storePickup' as const,
    };
    const kept = { ...request11 };
    fitToVersion(request11, 11);
    expect(request11).toEqual(kept);
  });
});

describe('prepareRequest (what a click hands to Safari)', () => {
  const click = { ...config, validationTimeout: 20_000, paymentProductId: 302 };

  it('builds the request and takes the highest version the browser supports', () => {
    applePay.maxVersion = 13;
    expect(prepareRequest(click, ['amex'])).toEqual({
      request: buildPaymentRequest(click),
      version: 13,
    });
    expect(
      prepareRequest({ ...click, supportedNetworks: [] }, ['amex']).request.supportedNetworks,
    ).toEqual(['amex']);
  });

  it.each([
    ['no display name', { displayName: ' ' }, /display-name is required/],
    ['a display name of 65 characters', { displayName: 'x'.repeat(65) }, /at most 64/],
    ['a timeout that is no deadline', { validationTimeout: Number.NaN }, /validation-timeout/],
    ['a product id that is not one', { paymentProductId: 3.5 }, /payment-product-id/],
    ['a pinned version the browser lacks', { version: 99 }, /version 99/],
    ['too many decimals', { amount: '1.005' }, /2 decimals in EUR/],
    ['a lowercase currency', { currencyCode: 'eur' }, /currency-code "eur"/],
    [
      'supported countries the version cannot carry',
      { version: 2, paymentRequest: { supportedCountries: ['NL'] } },
      /supportedCountries needs Apple Pay JS version 3/,
    ],
  ])('refuses %s with a configuration error', (_, change, message) => {
    expect(() => prepareRequest({ ...click, ...change })).toThrow(
      expect.objectContaining({ code: 'configuration', message: expect.stringMatching(message) }),
    );
  });

  it('checks again what an apple-pay-start listener left', () => {
    const { request, version } = prepareRequest(click);
    request.total.amount = '12,50';
    expect(() => checkRequest(request, version)).toThrow(/amount "12,50"/);
  });
});

describe('watchReads', () => {
  const recurringPaymentRequest = { paymentDescription: 'Membership' };
  const deferredPaymentRequest = { paymentDescription: 'Hotel' };

  it('gives a copy whose payment-defining members tell when Safari reads them', () => {
    const request = {
      ...buildPaymentRequest(config),
      recurringPaymentRequest,
      deferredPaymentRequest,
    } as unknown as ApplePayJS.ApplePayPaymentRequest;
    const [watched, check] = watchReads(request);
    expect(watched.recurringPaymentRequest).toBe(recurringPaymentRequest); // read, as a constructor would
    expect(check).toThrow(
      expect.objectContaining({
        code: 'configuration',
        message: 'this browser does not support deferredPaymentRequest',
      }),
    );
    expect(watched.deferredPaymentRequest).toBe(deferredPaymentRequest);
    expect(check).not.toThrow();
    expect(watched).not.toBe(request);
    expect({ ...watched }).toEqual(request); // every member is there, as given
  });

  it('has nothing to check when no such member is given', () => {
    const [, check] = watchReads(buildPaymentRequest(config));
    expect(check).not.toThrow();
  });
});
