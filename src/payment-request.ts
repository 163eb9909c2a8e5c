// Attributes and properties → the ApplePayPaymentRequest and version Safari's constructor accepts.
// Checked here, before any session exists, so that a bad value is a configuration error, not a TypeError
// thrown by `new ApplePaySession` in front of the customer.
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
 * What the attributes describe, with `paymentRequest` merged over it. Validate before use.
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

const AMOUNT = /^[0-9]+(\.[0-9]+)?$/;
const SIGNED_AMOUNT = /^-?[0-9]+(\.[0-9]+)?$/;

/** Throws a configuration error for whatever `new ApplePaySession` would refuse. */
export function validatePaymentRequest(request: PaymentRequest): void {
  const fail = (message: string) => {
    throw configurationError(message);
  };
  if (!/^[A-Z]{2}$/.test(request.countryCode ?? ''))
    fail('country-code must be an ISO 3166-1 alpha-2 code');
  if (!/^[A-Z]{3}$/.test(request.currencyCode ?? ''))
    fail('currency-code must be an ISO 4217 code');
  if (!isStringList(request.supportedNetworks))
    fail('supported-networks must name at least one network');
  if (!isStringList(request.merchantCapabilities))
    fail('merchant-capabilities must name at least one capability');
  const total = request.total;
  if (!total || typeof total.label !== 'string' || !total.label.trim())
    fail('the total needs a label');
  if (!AMOUNT.test(String(total?.amount)))
    fail('amount must be a non-negative decimal such as "12.50"');
  toMinorUnits(total.amount, request.currencyCode); // no more decimals than the currency has
  for (const item of request.lineItems ?? []) {
    if (typeof item?.label !== 'string' || !SIGNED_AMOUNT.test(String(item.amount))) {
      fail('each line item needs a label and a decimal amount');
    }
  }
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
  if (version < 4 && Number(request.total.amount) === 0) {
    throw configurationError(
      `a zero total needs Apple Pay JS version 4; this browser has ${version}`,
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

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v);
}
