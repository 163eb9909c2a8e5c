// The shopper's device: what each Safari the double plays accepts and refuses. Each fact is tried both ways, on
// the first device that has it and on the last one before. The expectations are written out here, from
// WebKit's history and Apple's notes (docs/how-it-is-tested.md), not read from the double's own table.
import { describe, expect, it } from 'vitest';
import { applePay, FakeApplePaySession } from './support/apple-pay-session-double.js';
import { inGesture, outcome } from './support/in-gesture.js';
import { basicRequest } from './support/outcome.js';
import { installAppleJsSdk } from '../src/testing/apple-js-sdk.js';
import type { DeviceName } from '../src/testing/devices.js';

type Request = ApplePayJS.ApplePayPaymentRequest;
const base: Request = basicRequest;
const ACCEPTED = 'accepted';
const type = (message = 'Type error') => `TypeError: ${message}`;
const required = (member: string, of: string) =>
  type(`Member ${member} is required and must be an instance of ${of}`);
const nextTask = () => new Promise((resolve) => setTimeout(resolve));

/** Each device and the highest version its `supportsVersion` accepts. */
const VERSIONS: [DeviceName, number][] = [
  ['safari-15.0', 12],
  ['safari-15.4', 13],
  ['safari-16.0', 14],
  ['safari-16.4', 15],
  ['safari-17.0', 15],
  ['safari-18.0', 15],
  ['safari-26.0', 15],
];

/** `base` with `members` over it, their getters kept as getters (a spread would call them). */
const withBase = (members: object): Request =>
  Object.defineProperties({ ...base }, Object.getOwnPropertyDescriptors(members));

/** Constructs on `device`, inside the current gesture: what Safari did. */
const on = (device: DeviceName, request: object, version = 12) => {
  applePay.setDevice(device);
  return outcome(() => new FakeApplePaySession(version, request as Request));
};

describe('the device’s Apple Pay JS version', () => {
  it.each(VERSIONS)('%s supports versions up to %i', (device, highest) => {
    applePay.setDevice(device);
    expect(applePay.maxVersion).toBe(highest);
    expect(FakeApplePaySession.supportsVersion(highest)).toBe(true);
    expect(FakeApplePaySession.supportsVersion(highest + 1)).toBe(false);
  });

  it('refuses a session at a version above the device’s', async () => {
    const outcomes = await inGesture(() => [
      on('safari-15.0', base, 13),
      on('safari-15.4', base, 13),
    ]);
    expect(outcomes).toEqual(['InvalidAccessError: "13" is not a supported version.', ACCEPTED]);
    expect(applePay.takeMisuses()).toHaveLength(1);
  });
});

describe('the networks PassKit knows on the device', () => {
  it.each([
    ['dankort', 'safari-15.0', 'safari-15.4'],
    ['bancontact', 'safari-15.4', 'safari-16.0'],
    ['bancomat', 'safari-15.4', 'safari-16.0'],
  ] as [string, DeviceName, DeviceName][])(
    '%s: unknown on %s, known from %s',
    async (network, before, since) => {
      const request = { ...base, supportedNetworks: ['visa', network] };
      const outcomes = await inGesture(() => [on(before, request), on(since, request)]);
      expect(outcomes).toEqual([type(`"${network}" is not a valid payment network.`), ACCEPTED]);
      expect(applePay.takeMisuses()).toHaveLength(1);
    },
  );

  it('leaves the gesture to a second constructor after refusing a network, as ApplePaySession::create only reads it', async () => {
    applePay.setDevice('safari-15.0');
    const outcomes = await inGesture(() => {
      const refused = on('safari-15.0', { ...base, supportedNetworks: ['bancontact', 'visa'] });
      const session = new FakeApplePaySession(12, { ...base, supportedNetworks: ['visa'] });
      session.begin();
      return [refused, session.state];
    });
    expect(outcomes).toEqual([type('"bancontact" is not a valid payment network.'), 'active']);
    expect(applePay.takeMisuses()).toHaveLength(1);
    applePay.last.abort();
  });
});

/** A request member only some builds read: where it goes in a request, and a value the bindings refuse. */
interface MemberCase {
  member: string;
  before: DeviceName;
  since: DeviceName;
  /** The request's members with `member` (a property descriptor) in its place. */
  request: (member: PropertyDescriptor) => object;
  refused: unknown;
  refusal: string;
}

const shippingMethod = { label: 'Post', detail: '2 days', amount: '4.95', identifier: 'post' };
const line = { label: 'Shop', amount: '1.00' };
const placed = (name: string) => (member: PropertyDescriptor) =>
  Object.defineProperty({}, name, member);
const placedIn = (name: string, key: string, item: object, list: boolean) => {
  return (member: PropertyDescriptor) => {
    const holder = Object.defineProperty({ ...item }, key, member);
    return { [name]: list ? [holder] : holder };
  };
};

const MEMBERS: MemberCase[] = [
  {
    member: 'ApplePayShippingMethod.selected',
    before: 'safari-15.0',
    since: 'safari-15.4',
    request: placedIn('shippingMethods', 'selected', shippingMethod, true),
    refused: Symbol('selected'), // a boolean takes anything: nothing to refuse, only to read
    refusal: ACCEPTED,
  },
  {
    member: 'ApplePayPaymentRequest.recurringPaymentRequest',
    before: 'safari-15.4',
    since: 'safari-16.0',
    request: placed('recurringPaymentRequest'),
    refused: {},
    refusal: required('ApplePayRecurringPaymentRequest.managementURL', 'DOMString'),
  },
  {
    member: 'ApplePayPaymentRequest.automaticReloadPaymentRequest',
    before: 'safari-15.4',
    since: 'safari-16.0',
    request: placed('automaticReloadPaymentRequest'),
    refused: {},
    refusal: required(
      'ApplePayAutomaticReloadPaymentRequest.automaticReloadBilling',
      'ApplePayLineItem',
    ),
  },
  {
    member: 'ApplePayPaymentRequest.multiTokenContexts',
    before: 'safari-15.4',
    since: 'safari-16.0',
    request: placed('multiTokenContexts'),
    refused: 'merchant.example',
    refusal: type('Value is not a sequence'),
  },
  {
    member: 'ApplePayLineItem.automaticReloadPaymentThresholdAmount',
    before: 'safari-15.4',
    since: 'safari-16.0',
    request: placedIn('total', 'automaticReloadPaymentThresholdAmount', line, false),
    refused: Symbol('threshold'),
    refusal: type(),
  },
  {
    member: 'ApplePayRequestBase.features',
    before: 'safari-16.0',
    since: 'safari-16.4',
    request: placed('features'),
    refused: 'paymentRequestRecurring',
    refusal: type('Value is not a sequence'),
  },
  {
    member: 'ApplePayPaymentRequest.deferredPaymentRequest',
    before: 'safari-16.4',
    since: 'safari-17.0',
    request: placed('deferredPaymentRequest'),
    refused: {},
    refusal: required('ApplePayDeferredPaymentRequest.deferredBilling', 'ApplePayLineItem'),
  },
  {
    member: 'ApplePayRequestBase.applePayLaterAvailability',
    before: 'safari-16.4',
    since: 'safari-17.0',
    request: placed('applePayLaterAvailability'),
    refused: 'unavailableMerchantIneligible',
    refusal: type(),
  },
  {
    member: 'ApplePayRequestBase.merchantCategoryCode',
    before: 'safari-17.0',
    since: 'safari-18.0',
    request: placed('merchantCategoryCode'),
    refused: Symbol('5411'),
    refusal: type(),
  },
  {
    member: 'ApplePayPaymentRequest.disbursementRequest',
    before: 'safari-17.0',
    since: 'safari-18.0',
    request: placed('disbursementRequest'),
    refused: { requiredRecipientContactFields: ['iban'] },
    refusal: type(),
  },
  {
    member: 'ApplePayLineItem.disbursementLineItemType',
    before: 'safari-17.0',
    since: 'safari-18.0',
    request: placedIn('lineItems', 'disbursementLineItemType', line, true),
    refused: 'refund',
    refusal: type(),
  },
];

describe('the request members the device’s WebKit reads', () => {
  it.each(MEMBERS.map((test) => [test.member, test.before, test.since, test] as const))(
    '%s: ignored on %s, read from %s',
    async (_, before, since, { request, refused, refusal }) => {
      const reads: DeviceName[] = [];
      /** The request with the member as a getter: the device that reads it calls it. */
      const watched = (device: DeviceName) =>
        withBase(request({ enumerable: true, get: () => (reads.push(device), refused) }));
      const outcomes = await inGesture(() => [
        on(before, watched(before)),
        on(since, watched(since)),
      ]);
      expect(reads).toEqual([since]);
      expect(outcomes).toEqual([ACCEPTED, refusal]);
      applePay.takeMisuses();
    },
  );

  it('reads the members it knows, and only those, in WebIDL order: the base dictionary’s first', async () => {
    const readBy = (device: DeviceName) => {
      const names: string[] = [];
      const request = new Proxy(base, {
        get: (target, name) => (names.push(String(name)), target[name as keyof Request]),
      });
      on(device, request);
      return names;
    };
    const [oldest, newest] = await inGesture(() => [readBy('safari-15.0'), readBy('safari-26.0')]);
    expect(oldest).toEqual([
      ...['applicationData', 'billingContact', 'countryCode', 'couponCode'],
      ...['merchantCapabilities', 'requiredBillingContactFields', 'requiredShippingContactFields'],
      ...[
        'shippingContact',
        'shippingContactEditingMode',
        'supportedCountries',
        'supportedNetworks',
      ],
      'supportsCouponCode',
      ...['currencyCode', 'lineItems', 'shippingMethods', 'shippingType', 'total'],
    ]);
    expect(newest).toEqual([
      ...['applePayLaterAvailability', 'applicationData', 'billingContact', 'countryCode'],
      ...['couponCode', 'features', 'merchantCapabilities', 'merchantCategoryCode'],
      ...['requiredBillingContactFields', 'requiredShippingContactFields', 'shippingContact'],
      ...['shippingContactEditingMode', 'supportedCountries', 'supportedNetworks'],
      'supportsCouponCode',
      ...['automaticReloadPaymentRequest', 'currencyCode', 'deferredPaymentRequest'],
      ...['disbursementRequest', 'lineItems', 'multiTokenContexts', 'recurringPaymentRequest'],
      ...['shippingMethods', 'shippingType', 'total'],
    ]);
  });

  it('drops a deferred request on 16.0: the session has only the total, as the shopper would pay it at once', async () => {
    const deferredPaymentRequest = {
      paymentDescription: 'Hotel',
      deferredBilling: { paymentTiming: 'deferred', label: 'Stay', amount: '120.00' },
      managementURL: 'https://shop.example/booking',
    } as ApplePayJS.ApplePayDeferredPaymentRequest;
    const sessions = await inGesture(() =>
      (['safari-16.0', 'safari-17.0'] as const).map((device) => {
        applePay.setDevice(device);
        return new FakeApplePaySession(12, { ...base, deferredPaymentRequest });
      }),
    );
    expect(sessions.map((session) => session.request.deferredPaymentRequest)).toEqual([
      undefined,
      deferredPaymentRequest,
    ]);
  });

  it('ApplePayPaymentAuthorizationResult.orderDetails: ignored on safari-15.4, read from safari-16.0', async () => {
    const orderDetails = {
      orderTypeIdentifier: 'com.shop.order',
      orderIdentifier: 'A1',
      webServiceURL: 'not a URL',
      authenticationToken: 't',
    };
    const authorized = async (device: DeviceName) => {
      applePay.setDevice(device);
      const session = await inGesture(() => {
        const session = new FakeApplePaySession(12, base);
        session.begin();
        return session;
      });
      await nextTask();
      session.completeMerchantValidation({ merchantSessionIdentifier: 'x' });
      session.authorize();
      return outcome(() => session.completePayment({ status: 0, orderDetails }));
    };
    expect([await authorized('safari-15.4'), await authorized('safari-16.0')]).toEqual([
      ACCEPTED,
      type('"not a URL" is not a valid URL.'),
    ]);
    expect(applePay.takeMisuses()).toHaveLength(1);
    applePay.last.abort();
  });
});

describe('choosing the device', () => {
  it('is the newest unless set, and refuses a name it does not know, changing nothing', () => {
    expect(applePay.device).toBe('safari-26.0');
    expect(() => applePay.setDevice('safari-14.0' as DeviceName)).toThrow(
      'Apple Pay simulator: no device "safari-14.0"; the devices are safari-15.0, safari-15.4, safari-16.0, safari-16.4, safari-17.0, safari-18.0, safari-26.0',
    );
    expect(applePay.device).toBe('safari-26.0');
  });
});

describe('the web platform of the device', () => {
  it('has no AbortSignal reason on safari-15.0: abort(reason) aborts with none, and throwIfAborted is missing', () => {
    const abortedWith = (device: DeviceName) => {
      applePay.setDevice(device);
      const controller = new AbortController();
      controller.abort(new Error('replaced'));
      const { signal } = controller;
      return [
        signal.aborted,
        signal.reason,
        'throwIfAborted' in signal,
        AbortSignal.abort('x').reason,
      ];
    };
    const why = new Error('replaced');
    expect(abortedWith('safari-15.0')).toEqual([true, undefined, false, undefined]);
    expect(abortedWith('safari-15.4')).toEqual([true, why, true, 'x']);
  });

  it('has no constructable stylesheets before safari-16.4, when taken before the page’s scripts; the simulator still draws', () => {
    const sheets = () => [
      outcome(() => new CSSStyleSheet()),
      'adoptedStyleSheets' in Document.prototype,
      'adoptedStyleSheets' in ShadowRoot.prototype,
      'replaceSync' in CSSStyleSheet.prototype,
    ];
    applePay.setDevice('safari-16.0'); // from a module: the page's Lit has looked already
    expect(sheets()).toEqual([ACCEPTED, true, true, true]);
    applePay.setDevice('safari-16.0', { stylesheets: true }); // as the classic script does
    expect(sheets()).toEqual([type('Illegal constructor'), false, false, false]);
    installAppleJsSdk();
    const button = document.body.appendChild(document.createElement('apple-pay-button'));
    expect(getComputedStyle(button).display).toBe('inline-block'); // its :host rule, adopted
    button.remove();
    applePay.setDevice('safari-16.4', { stylesheets: true });
    expect(sheets()).toEqual([ACCEPTED, true, true, true]);
  });
});
