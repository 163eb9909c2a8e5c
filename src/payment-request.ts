// Request preparation: attributes and properties → the ApplePayPaymentRequest and the version a click creates
// the session with. Most of the request's fields are not checked here: `new ApplePaySession` checks them
// (networks, capabilities, labels, amounts; the test double does the same) and its TypeError reaches the merchant
// as an `apple-pay-error` with stage `configuration`. Checked here is what Safari cannot know or would drop: what
// Connect is asked about (country, currency, the amount in the currency's minor units), a field the version
// would drop, what defines the payment that this Safari does not read, and the element's own settings.
import { toMinorUnits } from './amount.js';
import { configurationError } from './errors.js';

type PaymentRequest = ApplePayJS.ApplePayPaymentRequest;

/** The highest Apple Pay JS version this element knows the fields of. */
const MAX_VERSION = 15;
const MAX_DISPLAY_NAME = 64;

export interface PaymentRequestConfig {
  countryCode?: string;
  currencyCode?: string;
  amount?: string;
  totalLabel?: string;
  displayName?: string;
  supportedNetworks?: string[];
  merchantCapabilities?: string[];
  paymentRequest?: Partial<PaymentRequest>;
}

/**
 * What the attributes describe, with `paymentRequest` merged over it.
 * `connectNetworks` (from payment product 302) serve when `supported-networks` is not given.
 */
export function buildPaymentRequest(
  config: PaymentRequestConfig,
  connectNetworks: string[] = [],
): PaymentRequest {
  return {
    countryCode: config.countryCode ?? '',
    currencyCode: config.currencyCode ?? '',
    supportedNetworks: config.supportedNetworks?.length
      ? config.supportedNetworks
      : connectNetworks,
    merchantCapabilities: (config.merchantCapabilities?.length
      ? config.merchantCapabilities
      : ['supports3DS']) as ApplePayJS.ApplePayMerchantCapability[],
    total: {
      label: config.totalLabel || config.displayName || '',
      amount: config.amount ?? '',
      type: 'final',
    },
    ...config.paymentRequest,
  };
}

/** What a click checks besides the request: the element's own settings. */
export interface ClickConfig extends PaymentRequestConfig {
  version?: number;
  validationTimeout: number;
  paymentProductId: number;
}

/**
 * The request a click hands to Safari, and the version to create the session with; a configuration error for
 * anything the element can tell is wrong. `connectNetworks` as for {@link buildPaymentRequest}.
 */
export function prepareRequest(
  config: ClickConfig,
  connectNetworks?: string[],
): { request: PaymentRequest; version: number } {
  const name = config.displayName ?? '';
  if (!name.trim()) throw configurationError('display-name is required');
  if ([...name].length > MAX_DISPLAY_NAME) {
    throw configurationError(`display-name must be at most ${MAX_DISPLAY_NAME} characters`);
  }
  if (!(config.validationTimeout > 0))
    throw configurationError('validation-timeout must be a positive number');
  if (!Number.isInteger(config.paymentProductId) || config.paymentProductId < 1) {
    throw configurationError('payment-product-id must be a positive integer');
  }
  const request = buildPaymentRequest(config, connectNetworks);
  const version = chooseVersion(config.version, (v) => ApplePaySession.supportsVersion(v));
  checkRequest(request, version);
  return { request, version };
}

/** The request's checks, run at the click and again on what an `apple-pay-start` listener left. */
export function checkRequest(request: PaymentRequest, version: number): void {
  connectBasket(request);
  fitToVersion(request, version);
}

/**
 * What Connect is asked about: country, currency and the amount in minor units. A configuration error when one
 * is missing or malformed, so that no Connect request ever carries an empty or invalid one (Connect's 400 would
 * name another field, and the merchant would look in the wrong place).
 */
export function connectBasket(request: PaymentRequest): {
  countryCode: string;
  currencyCode: string;
  amount: number;
} {
  const { countryCode, currencyCode } = request;
  if (!/^[A-Z]{2}$/.test(countryCode) || !/^[A-Z]{3}$/.test(currencyCode)) {
    throw configurationError(
      `country-code "${countryCode}" and currency-code "${currencyCode}" must be ISO codes, e.g. NL and EUR`,
    );
  }
  return { countryCode, currencyCode, amount: totalInMinorUnits(request) };
}

/**
 * The total in the currency's minor units, as Connect takes it. Safari accepts any decimal, so this is also the
 * check that the decimals fit the currency: a configuration error otherwise.
 */
export function totalInMinorUnits(request: PaymentRequest): number {
  return toMinorUnits(String(request.total?.amount), request.currencyCode);
}

/**
 * Refuses (configuration error) what `version` would silently drop: WebKit reads `supportedCountries` only from
 * version 3, and a payment limited to some countries would take cards from anywhere. (Every other member it
 * reads at any version: ApplePayRequestBase.cpp. Members that define the payment: see watchReads.)
 */
export function fitToVersion(request: PaymentRequest, version: number): void {
  if (request.supportedCountries && version < 3)
    throw configurationError(
      `supportedCountries needs Apple Pay JS version 3; this browser has ${version}`,
    );
}

/**
 * Members that define what the shopper pays. A Safari that does not know one ignores it, and the shopper pays
 * the total at once; its version cannot tell (deferred payments came in Safari 17, at the version of 16.4).
 */
const PAYMENT_MEMBERS = [
  'recurringPaymentRequest',
  'automaticReloadPaymentRequest',
  'multiTokenContexts',
  'deferredPaymentRequest',
  'disbursementRequest',
];

/**
 * A copy of `request` whose payment-defining members tell when they are read: Safari's WebIDL conversion reads
 * each member its build knows, and no other. `check()`, once the constructor has run, is a configuration error
 * for one that was given and not read.
 */
export function watchReads(request: PaymentRequest): [watched: PaymentRequest, check: () => void] {
  const watched = { ...request };
  const unread = new Set<string>();
  for (const member of PAYMENT_MEMBERS) {
    const value = watched[member as keyof PaymentRequest];
    if (value !== undefined) {
      unread.add(member);
      Object.defineProperty(watched, member, {
        get: () => (unread.delete(member), value),
        enumerable: true,
      });
    }
  }
  return [
    watched,
    () => {
      for (const member of unread)
        throw configurationError(`this browser does not support ${member}`);
    },
  ];
}

/** A pinned version if the browser supports it; else the highest supported one up to {@link MAX_VERSION}. */
export function chooseVersion(
  pinned: number | undefined,
  supportsVersion: (v: number) => boolean,
): number {
  if (pinned !== undefined) {
    if (!Number.isInteger(pinned) || pinned < 1 || !supportsVersion(pinned)) {
      throw configurationError(`this browser does not support Apple Pay JS version ${pinned}`);
    }
    return pinned;
  }
  for (let version = MAX_VERSION; version > 1; version--)
    if (supportsVersion(version)) return version;
  return 1;
}
