// Attributes and properties → the ApplePayPaymentRequest and version Safari's constructor accepts.
// Checked here, before any session exists, so that a bad value is a configuration error, not a TypeError
// thrown by `new ApplePaySession` in front of the customer.
import { configurationError } from './errors.js';

type PaymentRequest = ApplePayJS.ApplePayPaymentRequest;

/** The highest Apple Pay JS version this element knows the fields of. */
export const MAX_VERSION = 15;

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

/** What the attributes describe, with `paymentRequest` merged over it. Validate before use. */
export function buildPaymentRequest(config: PaymentRequestConfig): PaymentRequest {
  return {
    countryCode: config.countryCode ?? '',
    currencyCode: config.currencyCode ?? '',
    supportedNetworks: config.supportedNetworks ?? [],
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
  for (const item of request.lineItems ?? []) {
    if (typeof item?.label !== 'string' || !SIGNED_AMOUNT.test(String(item.amount))) {
      fail('each line item needs a label and a decimal amount');
    }
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
