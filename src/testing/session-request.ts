// The checks ApplePaySession.cpp makes on a payment request (`convertAndValidate`), in WebKit's order:
// the shared members, the total, line items, shipping methods, recurring / automatic-reload / multi-merchant /
// deferred requests, then PaymentRequestValidator. Each refusal is a TypeError with WebKit's words.
import type { Dictionaries } from './apple-pay-dictionaries.js';
import { checkRequestBase, type Platform } from './request-base.js';
import { checkTotal, checkWithValidator } from './request-validator.js';
import { readDictionary, typeError } from './webidl.js';

type Converted = Record<string, unknown>;

/** WebKit's isValidDecimalMonetaryValue: the W3C "valid decimal monetary value". */
export const isValidAmount = (amount: unknown): boolean =>
  typeof amount === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(amount);

const invalidAmount = (amount: unknown): never =>
  typeError(`"${amount ?? ''}" is not a valid amount.`);

export function checkTotalItem(total: Converted, version: number): void {
  if (!isValidAmount(total.amount)) invalidAmount(total.amount);
  checkTotal(total, version);
}

export function checkLineItems(items: Converted[] | undefined): void {
  // A pending item may have no amount: Safari drops whatever it has.
  for (const item of items ?? [])
    if (item.type === 'pending') delete item.amount;
    else if (!isValidAmount(item.amount)) invalidAmount(item.amount);
}

export function checkShippingMethods(methods: Converted[] | undefined): void {
  for (const method of methods ?? [])
    if (!isValidAmount(method.amount)) invalidAmount(method.amount);
}

const isValidURL = (url: unknown): boolean => {
  try {
    new URL(String(url));
    return true;
  } catch {
    return false;
  }
};
const checkURL = (url: unknown, optional = false) => {
  if (!(optional && url === undefined) && !isValidURL(url))
    typeError(`"${url}" is not a valid URL.`);
};

/** A billing line item of a recurring, automatic-reload or deferred request. */
function checkBilling(item: Converted, member: string, timing: string, article = 'a'): void {
  if (item.paymentTiming !== timing)
    typeError(`'${member}' must be ${article} '${timing}' line item.`);
  if (item.label === undefined) typeError(`Missing label for '${member}'.`);
  if (!isValidAmount(item.amount) && item.type !== 'pending')
    typeError(`"${item.amount}" is not a valid amount.`);
}

export function checkRecurring(request: Converted): void {
  checkBilling(request.regularBilling as Converted, 'regularBilling', 'recurring');
  if (request.trialBilling)
    checkBilling(request.trialBilling as Converted, 'trialBilling', 'recurring');
  checkURL(request.managementURL);
  checkURL(request.tokenNotificationURL, true);
}

export function checkAutomaticReload(request: Converted): void {
  const billing = request.automaticReloadBilling as Converted;
  checkBilling(billing, 'automaticReloadBilling', 'automaticReload', 'an');
  if (!isValidAmount(billing.automaticReloadPaymentThresholdAmount))
    typeError(
      `"${billing.automaticReloadPaymentThresholdAmount}" is not a valid automaticReloadPaymentThresholdAmount.`,
    );
  checkURL(request.managementURL);
  checkURL(request.tokenNotificationURL, true);
}

export function checkTokenContexts(contexts: Converted[]): void {
  for (const context of contexts) if (!isValidAmount(context.amount)) invalidAmount(context.amount);
}

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export function checkDeferred(request: Converted): void {
  checkBilling(request.deferredBilling as Converted, 'deferredBilling', 'deferred');
  checkURL(request.managementURL);
  const zone = request.freeCancellationDateTimeZone as string | undefined;
  if (request.freeCancellationDate === undefined) {
    if (zone)
      typeError(
        "Unexpected 'freeCancellationDateTimeZone' when 'freeCancellationDate' is not set.",
      );
  } else if (!zone)
    typeError("Missing 'freeCancellationDateTimeZone' when 'freeCancellationDate' is set.");
  else if (!isTimeZone(zone)) typeError(`"${zone}" is not a valid time zone.`);
  if (!request.paymentDescription) typeError("Missing 'paymentDescription'.");
  checkURL(request.tokenNotificationURL, true);
}

/**
 * The bindings' conversion of the request dictionary, with the members this build knows: it runs before any
 * other check of the constructor. Also returns the members read, as the page gave them.
 */
export const convertPaymentRequest = (
  request: unknown,
  idl: Dictionaries,
): [Converted, Converted] => readDictionary(idl.paymentRequest, request);

/** Everything ApplePaySession::create checks after the user gesture. `request` is the converted one. */
export function checkPaymentRequest(version: number, request: Converted, platform: Platform): void {
  checkRequestBase(version, request, platform);
  checkTotalItem(request.total as Converted, version);
  checkLineItems(request.lineItems as Converted[] | undefined);
  checkShippingMethods(request.shippingMethods as Converted[] | undefined);
  if (request.recurringPaymentRequest) checkRecurring(request.recurringPaymentRequest as Converted);
  if (request.automaticReloadPaymentRequest)
    checkAutomaticReload(request.automaticReloadPaymentRequest as Converted);
  if (request.multiTokenContexts) checkTokenContexts(request.multiTokenContexts as Converted[]);
  if (request.deferredPaymentRequest) checkDeferred(request.deferredPaymentRequest as Converted);
  checkWithValidator(request, version);
}
