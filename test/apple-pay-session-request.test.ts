// What `new ApplePaySession(version, request)` accepts and refuses, rule by rule, as WebKit's
// ApplePayRequestBase.cpp, ApplePaySession.cpp, PaymentRequestValidator.mm and the .idl files decide.
// Each rule is tried both ways: a request Safari takes, and one it refuses with its exception and words.
import { describe, expect, it } from 'vitest';
import { applePay, FakeApplePaySession } from './support/apple-pay-session-double.js';
import { inGesture, outcome } from './support/in-gesture.js';
import { basicRequest } from './support/outcome.js';
import { appleNetworks } from '../src/networks.js';

type Request = ApplePayJS.ApplePayPaymentRequest;
const base: Request = basicRequest;
const ACCEPTED = 'accepted';
const type = (message = 'Type error') => `TypeError: ${message}`;
const access = (message: string) => `InvalidAccessError: ${message}`;
/** The request without `member` (undefined is an absent member to WebIDL). */
const without = (member: keyof Request): Request => ({ ...base, [member]: undefined });

/** [version, the request's members over `base`, what Safari does]. */
type Case = [version: number, request: Partial<Request> | Request, expected: string];

const month = { paymentTiming: 'recurring', label: 'Monthly', amount: '9.99' };
const recurring = {
  paymentDescription: 'Membership',
  regularBilling: month,
  managementURL: 'https://shop.example/account',
};
const reload = {
  paymentDescription: 'Top-up',
  automaticReloadBilling: {
    paymentTiming: 'automaticReload',
    label: 'Reload',
    amount: '25.00',
    automaticReloadPaymentThresholdAmount: '5.00',
  },
  managementURL: 'https://shop.example/account',
};
const deferred = {
  paymentDescription: 'Hotel',
  deferredBilling: { paymentTiming: 'deferred', label: 'Stay', amount: '120.00' },
  managementURL: 'https://shop.example/booking',
};
const tokenContext = {
  merchantIdentifier: 'merchant.example',
  externalIdentifier: 'order-1',
  merchantName: 'Shop',
  amount: '1.00',
};
const shippingMethod = { label: 'Post', detail: '2 days', amount: '4.95', identifier: 'post' };
const days = (n: number) => ({ days: n }) as ApplePayJS.ApplePayDateComponents;

const RULES: [rule: string, cases: Case[]][] = [
  [
    'the version must be one Safari supports (InvalidAccessError)',
    [
      [15, {}, ACCEPTED],
      [16, {}, access('"16" is not a supported version.')],
      [0, {}, access('"0" is not a supported version.')],
    ],
  ],
  [
    'the required members are required (the bindings’ TypeError)',
    [
      [15, base, ACCEPTED],
      [
        15,
        without('total'),
        type(
          'Member ApplePayPaymentRequest.total is required and must be an instance of ApplePayLineItem',
        ),
      ],
      [
        15,
        without('currencyCode'),
        type(
          'Member ApplePayPaymentRequest.currencyCode is required and must be an instance of DOMString',
        ),
      ],
      [
        15,
        without('countryCode'),
        type(
          'Member ApplePayRequestBase.countryCode is required and must be an instance of DOMString',
        ),
      ],
      [
        15,
        without('supportedNetworks'),
        type(
          'Member ApplePayRequestBase.supportedNetworks is required and must be an instance of sequence<DOMString>',
        ),
      ],
      [
        15,
        without('merchantCapabilities'),
        type(
          'Member ApplePayRequestBase.merchantCapabilities is required and must be an instance of sequence<enumeration>',
        ),
      ],
    ],
  ],
  [
    'sequences must be sequences',
    [
      [15, { supportedNetworks: new Set(['visa']) as unknown as string[] }, ACCEPTED],
      [15, { supportedNetworks: 'visa' as unknown as string[] }, type('Value is not a sequence')],
    ],
  ],
  [
    'merchant capabilities: at least one, each a known one',
    [
      [
        15,
        { merchantCapabilities: ['supports3DS', 'supportsEMV', 'supportsCredit', 'supportsDebit'] },
        ACCEPTED,
      ],
      [
        15,
        { merchantCapabilities: [] },
        type('At least one merchant capability must be provided.'),
      ],
      [15, { merchantCapabilities: ['supports3ds' as 'supports3DS'] }, type()],
    ],
  ],
  [
    'supported networks: at least one, each known to the device, case-insensitively',
    [
      [15, { supportedNetworks: ['VISA', 'masterCard', 'amex'] }, ACCEPTED],
      [15, { supportedNetworks: [] }, type('At least one supported network must be provided.')],
      [
        15,
        { supportedNetworks: ['MASTERCARD_DEBIT'] },
        type('"MASTERCARD_DEBIT" is not a valid payment network.'),
      ],
    ],
  ],
  [
    'jcb from version 2, carteBancaire from version 3',
    [
      [2, { supportedNetworks: ['jcb'] }, ACCEPTED],
      [1, { supportedNetworks: ['jcb'] }, type('"jcb" is not a valid payment network.')],
      [3, { supportedNetworks: ['carteBancaire'] }, ACCEPTED],
      [
        2,
        { supportedNetworks: ['carteBancaire'] },
        type('"carteBancaire" is not a valid payment network.'),
      ],
    ],
  ],
  [
    'contact fields: known ones, phoneticName from version 3',
    [
      [3, { requiredShippingContactFields: ['postalAddress', 'phoneticName'] }, ACCEPTED],
      [
        2,
        { requiredShippingContactFields: ['phoneticName'] },
        type('"phoneticName" is not a valid contact field.'),
      ],
      [
        2,
        { requiredBillingContactFields: ['phoneticName'] },
        type('"phoneticName" is not a valid contact field.'),
      ],
      [15, { requiredBillingContactFields: ['address' as 'postalAddress'] }, type()],
    ],
  ],
  [
    'the country code is one of ICU’s ISO 3166 codes',
    [
      [15, { countryCode: 'US' }, ACCEPTED],
      [15, { countryCode: 'nl' }, type('"nl" is not a valid country code.')],
      [15, { countryCode: 'XX' }, type('"XX" is not a valid country code.')],
      [15, { countryCode: '' }, type('Missing country code.')],
    ],
  ],
  [
    'the currency code is one of ICU’s ISO 4217 codes',
    [
      [15, { currencyCode: 'JPY' }, ACCEPTED],
      [15, { currencyCode: 'eur' }, type('"eur" is not a valid currency code.')],
      [15, { currencyCode: 'EURO' }, type('"EURO" is not a valid currency code.')],
      [15, { currencyCode: '' }, type('Missing currency code.')],
    ],
  ],
  [
    'supported countries are country codes, read from version 3 on',
    [
      [3, { supportedCountries: ['DE', 'FR'] }, ACCEPTED],
      [2, { supportedCountries: ['ZZ'] }, ACCEPTED],
      [3, { supportedCountries: ['ZZ'] }, type('"ZZ" is not a valid country code.')],
    ],
  ],
  [
    'the total amount is a decimal monetary value',
    [
      [15, { total: { label: 'Shop', amount: '1.005' } }, ACCEPTED],
      [15, { total: { label: 'Shop', amount: '12' } }, ACCEPTED],
      [15, { total: { label: 'Shop', amount: '1,00' } }, type('"1,00" is not a valid amount.')],
      [15, { total: { label: 'Shop', amount: '.50' } }, type('".50" is not a valid amount.')],
      [15, { total: { label: 'Shop', amount: '1.' } }, type('"1." is not a valid amount.')],
      [
        15,
        { total: { label: 'Shop' } as ApplePayJS.ApplePayLineItem },
        type('"" is not a valid amount.'),
      ],
    ],
  ],
  [
    'the total has a label (an empty one will do)',
    [
      [15, { total: { label: '', amount: '1.00' } }, ACCEPTED],
      [
        15,
        { total: { amount: '1.00' } as ApplePayJS.ApplePayLineItem },
        type('Missing total label.'),
      ],
    ],
  ],
  [
    'the total is neither negative nor above 100,000,000',
    [
      [15, { total: { label: 'Shop', amount: '100000000.00' } }, ACCEPTED],
      [
        15,
        { total: { label: 'Shop', amount: '-1.00' } },
        type('Total amount must not be negative.'),
      ],
      [
        15,
        { total: { label: 'Shop', amount: '10000000000.00' } },
        type('Total amount is too big.'),
      ],
      [15, { total: { label: 'Shop', amount: '100000000.01' } }, type('Total amount is too big.')],
    ],
  ],
  [
    'a zero total needs version 4',
    [
      [4, { total: { label: 'Shop', amount: '0.00' } }, ACCEPTED],
      [
        3,
        { total: { label: 'Shop', amount: '0.00' } },
        type('Total amount must be greater than zero.'),
      ],
    ],
  ],
  [
    'line item and total types are final or pending',
    [
      [15, { total: { label: 'Shop', amount: '1.00', type: 'pending' } }, ACCEPTED],
      [15, { total: { label: 'Shop', amount: '1.00', type: 'later' as 'final' } }, type()],
      [15, { lineItems: [{ label: 'Tax', amount: '0.20', type: 'estimated' as 'final' }] }, type()],
    ],
  ],
  [
    'line item amounts are decimals, except on pending items; discounts may be negative',
    [
      [
        15,
        { lineItems: [{ label: 'Shipping', type: 'pending' } as ApplePayJS.ApplePayLineItem] },
        ACCEPTED,
      ],
      [15, { lineItems: [{ label: 'Shipping', type: 'pending', amount: 'tbd' }] }, ACCEPTED],
      [15, { lineItems: [{ label: 'Discount', amount: '-5.00' }] }, ACCEPTED],
      [
        15,
        { lineItems: [{ label: 'Gift wrap', amount: 'free' }] },
        type('"free" is not a valid amount.'),
      ],
      [
        15,
        { lineItems: [{ label: 'Gift wrap' } as ApplePayJS.ApplePayLineItem] },
        type('"" is not a valid amount.'),
      ],
    ],
  ],
  [
    'payment timings and recurring units are known ones',
    [
      [
        15,
        {
          lineItems: [
            { ...month, recurringPaymentIntervalUnit: 'year' } as ApplePayJS.ApplePayLineItem,
          ],
        },
        ACCEPTED,
      ],
      [
        15,
        {
          lineItems: [
            { ...month, paymentTiming: 'weekly' } as unknown as ApplePayJS.ApplePayLineItem,
          ],
        },
        type(),
      ],
      [
        15,
        {
          lineItems: [
            {
              ...month,
              recurringPaymentIntervalUnit: 'week',
            } as unknown as ApplePayJS.ApplePayLineItem,
          ],
        },
        type(),
      ],
    ],
  ],
  [
    'the shipping type is a known one',
    [
      [15, { shippingType: 'storePickup' }, ACCEPTED],
      [15, { shippingType: 'pickup' as 'shipping' }, type()],
    ],
  ],
  [
    'shipping methods have a label, detail, amount and identifier',
    [
      [15, { shippingMethods: [shippingMethod] }, ACCEPTED],
      [
        15,
        {
          shippingMethods: [
            {
              ...shippingMethod,
              identifier: undefined,
            } as unknown as ApplePayJS.ApplePayShippingMethod,
          ],
        },
        type(
          'Member ApplePayShippingMethod.identifier is required and must be an instance of DOMString',
        ),
      ],
      [
        15,
        {
          shippingMethods: [
            {
              ...shippingMethod,
              detail: undefined,
            } as unknown as ApplePayJS.ApplePayShippingMethod,
          ],
        },
        type(
          'Member ApplePayShippingMethod.detail is required and must be an instance of DOMString',
        ),
      ],
    ],
  ],
  [
    'shipping method amounts are decimals not below zero (in whole units)',
    [
      [15, { shippingMethods: [{ ...shippingMethod, amount: '0' }] }, ACCEPTED],
      [15, { shippingMethods: [{ ...shippingMethod, amount: '-0.50' }] }, ACCEPTED],
      [
        15,
        { shippingMethods: [{ ...shippingMethod, amount: 'free' }] },
        type('"free" is not a valid amount.'),
      ],
      [
        15,
        { shippingMethods: [{ ...shippingMethod, amount: '-1.00' }] },
        type('Shipping method amount must be greater than or equal to zero.'),
      ],
    ],
  ],
  [
    'a shipping method’s date range has a start and an end',
    [
      [
        15,
        {
          shippingMethods: [
            {
              ...shippingMethod,
              dateComponentsRange: { startDateComponents: days(1), endDateComponents: days(3) },
            },
          ],
        },
        ACCEPTED,
      ],
      [
        15,
        {
          shippingMethods: [
            {
              ...shippingMethod,
              dateComponentsRange: { startDateComponents: days(1) },
            } as unknown as ApplePayJS.ApplePayShippingMethod,
          ],
        },
        type(
          'Member ApplePayDateComponentsRange.endDateComponents is required and must be an instance of ApplePayDateComponents',
        ),
      ],
    ],
  ],
  [
    'the shipping contact editing mode is a known one',
    [
      [15, { shippingContactEditingMode: 'storePickup' }, ACCEPTED],
      [15, { shippingContactEditingMode: 'locked' as 'available' }, type()],
    ],
  ],
  [
    'coupon codes, application data, contacts and unknown members are taken as they are',
    [
      [
        15,
        { supportsCouponCode: true, couponCode: 'WELCOME', applicationData: 'b3JkZXI=' },
        ACCEPTED,
      ],
      [15, { shippingContact: { givenName: 'Ada', addressLines: ['1 Main St'] } }, ACCEPTED],
      [15, { ...({ somethingNew: 1 } as object) }, ACCEPTED],
      [
        15,
        { shippingContact: { addressLines: '1 Main St' as unknown as string[] } },
        type('Value is not a sequence'),
      ],
    ],
  ],
  [
    'a recurring payment request bills a recurring line item, with a management URL',
    [
      [
        15,
        { recurringPaymentRequest: recurring as ApplePayJS.ApplePayRecurringPaymentRequest },
        ACCEPTED,
      ],
      [
        15,
        {
          recurringPaymentRequest: {
            ...recurring,
            regularBilling: { ...month, paymentTiming: 'immediate' },
          } as ApplePayJS.ApplePayRecurringPaymentRequest,
        },
        type("'regularBilling' must be a 'recurring' line item."),
      ],
      [
        15,
        {
          recurringPaymentRequest: {
            ...recurring,
            regularBilling: { ...month, label: undefined },
          } as unknown as ApplePayJS.ApplePayRecurringPaymentRequest,
        },
        type("Missing label for 'regularBilling'."),
      ],
      [
        15,
        {
          recurringPaymentRequest: {
            ...recurring,
            trialBilling: { label: 'Trial', amount: '0.00' },
          } as ApplePayJS.ApplePayRecurringPaymentRequest,
        },
        type("'trialBilling' must be a 'recurring' line item."),
      ],
      [
        15,
        {
          recurringPaymentRequest: {
            ...recurring,
            managementURL: 'account',
          } as ApplePayJS.ApplePayRecurringPaymentRequest,
        },
        type('"account" is not a valid URL.'),
      ],
      [
        15,
        {
          recurringPaymentRequest: {
            ...recurring,
            managementURL: undefined,
          } as unknown as ApplePayJS.ApplePayRecurringPaymentRequest,
        },
        type(
          'Member ApplePayRecurringPaymentRequest.managementURL is required and must be an instance of DOMString',
        ),
      ],
    ],
  ],
  [
    'an automatic reload request bills an automaticReload item with a threshold',
    [
      [
        15,
        {
          automaticReloadPaymentRequest: reload as ApplePayJS.ApplePayAutomaticReloadPaymentRequest,
        },
        ACCEPTED,
      ],
      [
        15,
        {
          automaticReloadPaymentRequest: {
            ...reload,
            automaticReloadBilling: {
              ...reload.automaticReloadBilling,
              paymentTiming: 'recurring',
            },
          } as ApplePayJS.ApplePayAutomaticReloadPaymentRequest,
        },
        type("'automaticReloadBilling' must be an 'automaticReload' line item."),
      ],
      [
        15,
        {
          automaticReloadPaymentRequest: {
            ...reload,
            automaticReloadBilling: {
              ...reload.automaticReloadBilling,
              automaticReloadPaymentThresholdAmount: 'low',
            },
          } as ApplePayJS.ApplePayAutomaticReloadPaymentRequest,
        },
        type('"low" is not a valid automaticReloadPaymentThresholdAmount.'),
      ],
    ],
  ],
  [
    'multi-merchant token contexts have their identifiers, a name and an amount',
    [
      [15, { multiTokenContexts: [tokenContext] }, ACCEPTED],
      [
        15,
        { multiTokenContexts: [{ ...tokenContext, amount: '1,00' }] },
        type('"1,00" is not a valid amount.'),
      ],
      [
        15,
        {
          multiTokenContexts: [
            {
              ...tokenContext,
              merchantName: undefined,
            } as unknown as ApplePayJS.ApplePayPaymentTokenContext,
          ],
        },
        type(
          'Member ApplePayPaymentTokenContext.merchantName is required and must be an instance of DOMString',
        ),
      ],
    ],
  ],
  [
    'a deferred payment request: a deferred item, a description, a cancellation date with its time zone',
    [
      [
        15,
        {
          deferredPaymentRequest: {
            ...deferred,
            freeCancellationDate: new Date('2030-01-01'),
            freeCancellationDateTimeZone: 'Europe/Amsterdam',
          } as ApplePayJS.ApplePayDeferredPaymentRequest,
        },
        ACCEPTED,
      ],
      [
        15,
        {
          deferredPaymentRequest: {
            ...deferred,
            deferredBilling: { ...deferred.deferredBilling, paymentTiming: 'immediate' },
          } as ApplePayJS.ApplePayDeferredPaymentRequest,
        },
        type("'deferredBilling' must be a 'deferred' line item."),
      ],
      [
        15,
        {
          deferredPaymentRequest: {
            ...deferred,
            freeCancellationDate: new Date('2030-01-01'),
          } as ApplePayJS.ApplePayDeferredPaymentRequest,
        },
        type("Missing 'freeCancellationDateTimeZone' when 'freeCancellationDate' is set."),
      ],
      [
        15,
        {
          deferredPaymentRequest: {
            ...deferred,
            freeCancellationDateTimeZone: 'Europe/Amsterdam',
          } as ApplePayJS.ApplePayDeferredPaymentRequest,
        },
        type("Unexpected 'freeCancellationDateTimeZone' when 'freeCancellationDate' is not set."),
      ],
      [
        15,
        {
          deferredPaymentRequest: {
            ...deferred,
            freeCancellationDate: new Date('2030-01-01'),
            freeCancellationDateTimeZone: 'Mars/Olympus',
          } as ApplePayJS.ApplePayDeferredPaymentRequest,
        },
        type('"Mars/Olympus" is not a valid time zone.'),
      ],
      [
        15,
        {
          deferredPaymentRequest: {
            ...deferred,
            paymentDescription: '',
          } as ApplePayJS.ApplePayDeferredPaymentRequest,
        },
        type("Missing 'paymentDescription'."),
      ],
    ],
  ],
];

describe('new ApplePaySession(version, request)', () => {
  it.each(RULES)('%s', async (_, cases) => {
    // Every case has an accepted and a refused side; both run inside one trusted click.
    expect(cases.some(([, , expected]) => expected === ACCEPTED)).toBe(true);
    expect(cases.some(([, , expected]) => expected !== ACCEPTED)).toBe(true);
    const outcomes = await inGesture(() =>
      cases.map(([version, request]) =>
        outcome(() => new FakeApplePaySession(version, { ...base, ...request } as Request)),
      ),
    );
    expect(outcomes).toEqual(cases.map(([, , expected]) => expected));
    const refusals = cases.filter(([, , expected]) => expected !== ACCEPTED);
    expect(applePay.takeMisuses().map((misuse) => misuse.error)).toEqual(
      refusals.map(([, , expected]) => expected),
    );
  });

  it('knows only the networks the device has', async () => {
    applePay.availableNetworks = ['visa', 'masterCard'];
    const outcomes = await inGesture(() =>
      [['visa'], ['amex']].map((supportedNetworks) =>
        outcome(() => new FakeApplePaySession(15, { ...base, supportedNetworks })),
      ),
    );
    expect(outcomes).toEqual([ACCEPTED, type('"amex" is not a valid payment network.')]);
    expect(applePay.takeMisuses()).toHaveLength(1);
  });

  it('knows every network name the element maps Connect’s names to', async () => {
    // Connect's names for all the networks the element knows: none may reach Safari as an unknown one.
    const networks = appleNetworks(
      'AMEX BANCOMAT BANCONTACT CARTESBANCAIRES UNIONPAY DANKORT DISCOVER EFTPOS VISAELECTRON ELO GIROCARD INTERAC JCB MADA MAESTRO MASTERCARD MIR PRIVATELABEL VISA VPAY'.split(
        ' ',
      ),
    );
    expect(networks).toHaveLength(20);
    const outcomes = await inGesture(() =>
      networks.map((network) =>
        outcome(() => new FakeApplePaySession(15, { ...base, supportedNetworks: [network] })),
      ),
    );
    expect(outcomes).toEqual(networks.map(() => ACCEPTED));
  });

  it('takes the version as an unsigned long, as the bindings convert it', async () => {
    const session = await inGesture(() => new FakeApplePaySession(3.9, base));
    expect(session.version).toBe(3);
  });

  it('keeps the request as the page gave it', async () => {
    const request = { ...base, lineItems: [{ label: 'Tax', amount: '0.20' }] };
    const session = await inGesture(() => new FakeApplePaySession(15, request));
    request.lineItems[0]!.amount = '9.99';
    expect(session.request.lineItems).toEqual([{ label: 'Tax', amount: '0.20' }]);
  });

  it('converts the request before it checks the gesture, and checks its contents after', () => {
    // The bindings refuse a malformed dictionary first; Safari's own checks run only inside a gesture.
    expect(outcome(() => new FakeApplePaySession(15, without('total')))).toBe(
      type(
        'Member ApplePayPaymentRequest.total is required and must be an instance of ApplePayLineItem',
      ),
    );
    expect(outcome(() => new FakeApplePaySession(15, { ...base, countryCode: 'nl' }))).toBe(
      access('Must create a new ApplePaySession from a user gesture handler.'),
    );
    expect(applePay.takeMisuses()).toHaveLength(2);
  });
});
