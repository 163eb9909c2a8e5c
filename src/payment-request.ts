// Attributes and properties → the ApplePayPaymentRequest and the version to create the session with.
// The request's fields are not checked here: `new ApplePaySession` checks them (codes, networks, capabilities,
// labels, amounts; the test double does the same) and its TypeError reaches the merchant as an `apple-pay-error`
// with stage `configuration`. Only what Safari cannot know is checked here: the amount's decimals against
// Connect's minor units, and fields the version cannot carry.
import { toMinorUnits } from './amount.js';
import { configurationError } from './errors.js';

type PaymentRequest = ApplePayJS.ApplePayPaymentRequest;

/** The highest Apple Pay JS version this element knows the fields of. */
const MAX_VERSION = 15;

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

/**
 * The total in the currency's minor units, as Connect takes it. Safari accepts any decimal, so this is also the
 * check that the decimals fit the currency: a configuration error otherwise.
 */
export function totalInMinorUnits(request: PaymentRequest): number {
  return toMinorUnits(String(request.total?.amount), request.currencyCode);
}

// Fields Safari only knows from some version on. Older versions ignore unknown fields, so a recurring or
// deferred payment would silently become a plain one: those are errors. Cosmetic ones are dropped.
const FIELD_VERSIONS: [field: keyof PaymentRequest, version: number, drop?: true][] = [
  ['supportedCountries', 3],
  ['couponCode', 12, true],
  ['supportsCouponCode', 12, true],
  ['shippingContactEditingMode', 12, true],
  ['recurringPaymentRequest', 14],
  ['automaticReloadPaymentRequest', 14],
  ['multiTokenContexts', 14],
  ['deferredPaymentRequest', 14],
];

/** Drops or refuses (configuration error) what `version` cannot carry. Changes `request` in place. */
export function fitToVersion(request: PaymentRequest, version: number): void {
  for (const [field, since, drop] of FIELD_VERSIONS) {
    if (request[field] === undefined || version >= since) continue;
    if (drop)
      request[field] = undefined as never; // Safari skips undefined members
    else
      throw configurationError(
        `${field} needs Apple Pay JS version ${since}; this browser has ${version}`,
      );
  }
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
