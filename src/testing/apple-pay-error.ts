// Safari's `ApplePayError` global (ApplePayError.idl, ApplePayErrorCode.idl, ApplePayErrorContactField.h):
// what a merchant puts in `errors` to tell the sheet what to fix. Unknown codes or fields are TypeErrors.
import { convert } from './webidl.js';

export const APPLE_PAY_ERROR_CODES = [
  'unknown',
  'shippingContactInvalid',
  'billingContactInvalid',
  'addressUnserviceable',
  'couponCodeInvalid',
  'couponCodeExpired',
] as const;

export const APPLE_PAY_ERROR_CONTACT_FIELDS = [
  'phoneNumber',
  'emailAddress',
  'name',
  'phoneticName',
  'postalAddress',
  'addressLines',
  'subLocality',
  'locality',
  'postalCode',
  'subAdministrativeArea',
  'administrativeArea',
  'country',
  'countryCode',
] as const;

export class FakeApplePayError {
  code: ApplePayJS.ApplePayErrorCode;
  contactField?: ApplePayJS.ApplePayErrorContactField;
  message: string;

  constructor(
    errorCode: ApplePayJS.ApplePayErrorCode,
    contactField?: ApplePayJS.ApplePayErrorContactField,
    message: string = '',
  ) {
    if (arguments.length < 1) throw new TypeError('Not enough arguments');
    this.code = convert({ enum: APPLE_PAY_ERROR_CODES }, errorCode) as typeof errorCode;
    if (contactField !== undefined)
      this.contactField = convert(
        { enum: APPLE_PAY_ERROR_CONTACT_FIELDS },
        contactField,
      ) as typeof contactField;
    this.message = String(message);
  }
}

/** What the bindings accept where an `ApplePayError` is expected: an instance of the global, nothing else. */
export const isApplePayError = (value: unknown): boolean => value instanceof FakeApplePayError;
