// What ApplePaySession.cpp accepts as the answer to a selection event (the update objects, and the status
// forms of versions 1 and 2) and as `completePayment`'s result (with ApplePayPaymentAuthorizationResult.cpp).
import { FakeApplePayError } from './apple-pay-error.js';
import type { Dictionaries, SelectionMethod } from './apple-pay-dictionaries.js';
import { checkLineItems, checkShippingMethods, checkTotalItem } from './session-request.js';
import { convert, convertDictionary, invalidAccess, typeError, unsignedShort } from './webidl.js';

type Converted = Record<string, unknown>;
export type { SelectionMethod };

/** A converted, checked update object; throws as Safari does for a bad one. */
export function checkUpdate(
  method: SelectionMethod,
  update: unknown,
  version: number,
  idl: Dictionaries,
): Converted {
  const converted = convertDictionary(idl.updates[method], update);
  if (method === 'completeShippingContactSelection' || method === 'completeCouponCodeChange')
    checkShippingMethods(converted.newShippingMethods as Converted[]);
  checkTotalItem(converted.newTotal as Converted, version);
  checkLineItems(converted.newLineItems as Converted[]);
  return converted;
}

const STATUS_ERRORS: Record<
  number,
  [ApplePayJS.ApplePayErrorCode, ApplePayJS.ApplePayErrorContactField?]
> = {
  1: ['unknown'],
  2: ['billingContactInvalid'],
  3: ['shippingContactInvalid', 'postalAddress'],
  4: ['shippingContactInvalid'],
  5: ['unknown'],
  6: ['unknown'],
  7: ['unknown'],
};

/**
 * The status forms of versions 1 and 2, turned into the update object Safari builds from them. `'cancel'`: a
 * failure status for a shipping method, which Safari treats as fatal and answers by cancelling the sheet.
 */
export function legacyUpdate(method: SelectionMethod, args: unknown[]): unknown {
  if (method === 'completePaymentMethodSelection')
    return { newTotal: args[0], newLineItems: args[1] };
  const status = unsignedShort(args[0]);
  if (status > 7) invalidAccess();
  if (method === 'completeShippingMethodSelection')
    return status === 0 ? { newTotal: args[1], newLineItems: args[2] } : 'cancel';
  const error = STATUS_ERRORS[status];
  return {
    errors: error ? [new FakeApplePayError(error[0], error[1])] : [],
    newShippingMethods: args[1],
    newTotal: args[2],
    newLineItems: args[3],
  };
}

export interface CheckedResult {
  result: ApplePayJS.ApplePayPaymentAuthorizationResult;
  /** False: the sheet stays open for the customer to fix something or enter a PIN. */
  final: boolean;
}

export function checkAuthorizationResult(result: unknown, idl: Dictionaries): CheckedResult {
  const converted = (typeof result === 'object' || result === undefined
    ? convertDictionary(idl.authorizationResult, result)
    : {
        status: convert('unsigned short', result),
        errors: [],
      }) as unknown as ApplePayJS.ApplePayPaymentAuthorizationResult & {
    errors: ApplePayJS.ApplePayError[];
  };
  const status = converted.status;
  if (status > 7) invalidAccess();
  // Statuses 2–4 are failures that name what is wrong.
  if (status >= 2 && status <= 4) {
    const [code, field] = STATUS_ERRORS[status]!;
    converted.errors.unshift(
      new FakeApplePayError(code, field) as unknown as ApplePayJS.ApplePayError,
    );
    converted.status = 1;
  }
  const orderDetails = converted.orderDetails;
  if (orderDetails) {
    try {
      new URL(orderDetails.webServiceURL);
    } catch {
      typeError(`"${orderDetails.webServiceURL}" is not a valid URL.`);
    }
  }
  const final = converted.status <= 1 && converted.errors.length === 0;
  return { result: converted, final };
}
