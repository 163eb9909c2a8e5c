// The Apple Pay dictionaries as WebKit's .idl files declare them (Source/WebCore/Modules/applepay/*.idl):
// which members exist, which are required, their enumerations and defaults. Unknown members are ignored,
// as WebIDL ignores them.
import { isApplePayError } from './apple-pay-error.js';
import type { IdlDictionary, IdlType } from './webidl.js';

const string = { type: 'DOMString' } as const;
const requiredString = { type: 'DOMString', required: true } as const;
const sequenceOf = (type: IdlType) => ({ sequence: type });

// ApplePayPaymentTiming.idl (automaticReload arrived with ApplePayAutomaticReloadPaymentRequest).
const PAYMENT_TIMINGS = ['immediate', 'recurring', 'deferred', 'automaticReload'];
// ApplePayRecurringPaymentDateUnit.idl
const DATE_UNITS = ['year', 'month', 'day', 'hour', 'minute'];
// ApplePayMerchantCapability.idl
export const MERCHANT_CAPABILITIES = [
  'supports3DS',
  'supportsEMV',
  'supportsCredit',
  'supportsDebit',
];
// ApplePayContactField.idl
export const CONTACT_FIELDS = ['email', 'name', 'phoneticName', 'phone', 'postalAddress'];

export const LINE_ITEM: IdlDictionary = {
  dictionary: 'ApplePayLineItem',
  members: {
    type: { type: { enum: ['pending', 'final'] }, default: 'final' },
    label: string,
    amount: string,
    paymentTiming: { type: { enum: PAYMENT_TIMINGS }, default: 'immediate' },
    recurringPaymentStartDate: { type: 'Date' },
    recurringPaymentIntervalUnit: { type: { enum: DATE_UNITS }, default: 'month' },
    recurringPaymentIntervalCount: { type: 'unsigned long', default: 1 },
    recurringPaymentEndDate: { type: 'Date' },
    deferredPaymentDate: { type: 'Date' },
    automaticReloadPaymentThresholdAmount: string,
  },
};

const DATE_COMPONENTS: IdlDictionary = {
  dictionary: 'ApplePayDateComponents',
  members: {
    years: { type: 'unsigned long' },
    months: { type: 'unsigned long' },
    days: { type: 'unsigned long' },
    hours: { type: 'unsigned long' },
  },
};

export const SHIPPING_METHOD: IdlDictionary = {
  dictionary: 'ApplePayShippingMethod',
  members: {
    label: requiredString,
    detail: requiredString,
    amount: requiredString,
    identifier: requiredString,
    selected: { type: 'boolean' },
    dateComponentsRange: {
      type: {
        dictionary: 'ApplePayDateComponentsRange',
        members: {
          startDateComponents: { type: DATE_COMPONENTS, required: true },
          endDateComponents: { type: DATE_COMPONENTS, required: true },
        },
      },
    },
  },
};

const CONTACT: IdlDictionary = {
  dictionary: 'ApplePayPaymentContact',
  members: {
    ...Object.fromEntries(
      [
        'phoneNumber',
        'emailAddress',
        'givenName',
        'familyName',
        'phoneticGivenName',
        'phoneticFamilyName',
        'locality',
        'subLocality',
        'postalCode',
        'administrativeArea',
        'subAdministrativeArea',
        'country',
        'countryCode',
      ].map((name) => [name, string]),
    ),
    addressLines: { type: sequenceOf('DOMString') },
  },
};

export const RECURRING_PAYMENT_REQUEST: IdlDictionary = {
  dictionary: 'ApplePayRecurringPaymentRequest',
  members: {
    paymentDescription: requiredString,
    regularBilling: { type: LINE_ITEM, required: true },
    trialBilling: { type: LINE_ITEM },
    billingAgreement: string,
    managementURL: requiredString,
    tokenNotificationURL: string,
  },
};

export const AUTOMATIC_RELOAD_PAYMENT_REQUEST: IdlDictionary = {
  dictionary: 'ApplePayAutomaticReloadPaymentRequest',
  members: {
    paymentDescription: requiredString,
    automaticReloadBilling: { type: LINE_ITEM, required: true },
    billingAgreement: string,
    managementURL: requiredString,
    tokenNotificationURL: string,
  },
};

export const DEFERRED_PAYMENT_REQUEST: IdlDictionary = {
  dictionary: 'ApplePayDeferredPaymentRequest',
  members: {
    billingAgreement: string,
    deferredBilling: { type: LINE_ITEM, required: true },
    freeCancellationDate: { type: 'Date' },
    freeCancellationDateTimeZone: string,
    managementURL: requiredString,
    paymentDescription: requiredString,
    tokenNotificationURL: string,
  },
};

export const PAYMENT_TOKEN_CONTEXT: IdlDictionary = {
  dictionary: 'ApplePayPaymentTokenContext',
  members: {
    merchantIdentifier: requiredString,
    externalIdentifier: requiredString,
    merchantName: requiredString,
    merchantDomain: string,
    amount: requiredString,
  },
};

// ApplePayRequestBase.idl
const REQUEST_BASE: IdlDictionary = {
  dictionary: 'ApplePayRequestBase',
  members: {
    features: { type: sequenceOf('DOMString') },
    merchantCapabilities: { type: sequenceOf({ enum: MERCHANT_CAPABILITIES }), required: true },
    supportedNetworks: { type: sequenceOf('DOMString'), required: true },
    countryCode: requiredString,
    requiredBillingContactFields: { type: sequenceOf({ enum: CONTACT_FIELDS }) },
    billingContact: { type: CONTACT },
    requiredShippingContactFields: { type: sequenceOf({ enum: CONTACT_FIELDS }) },
    shippingContact: { type: CONTACT },
    applicationData: string,
    supportedCountries: { type: sequenceOf('DOMString') },
    supportsCouponCode: { type: 'boolean' },
    couponCode: string,
    shippingContactEditingMode: { type: { enum: ['available', 'storePickup', 'enabled'] } },
    applePayLaterAvailability: {
      type: { enum: ['available', 'unavailableItemIneligible', 'unavailableRecurringTransaction'] },
    },
    merchantCategoryCode: string,
  },
};

// ApplePayPaymentRequest.idl
export const PAYMENT_REQUEST: IdlDictionary = {
  dictionary: 'ApplePayPaymentRequest',
  base: REQUEST_BASE,
  members: {
    total: { type: LINE_ITEM, required: true },
    lineItems: { type: sequenceOf(LINE_ITEM) },
    currencyCode: requiredString,
    shippingType: {
      type: { enum: ['shipping', 'delivery', 'storePickup', 'servicePickup'] },
      default: 'shipping',
    },
    shippingMethods: { type: sequenceOf(SHIPPING_METHOD) },
    recurringPaymentRequest: { type: RECURRING_PAYMENT_REQUEST },
    automaticReloadPaymentRequest: { type: AUTOMATIC_RELOAD_PAYMENT_REQUEST },
    multiTokenContexts: { type: sequenceOf(PAYMENT_TOKEN_CONTEXT) },
    deferredPaymentRequest: { type: DEFERRED_PAYMENT_REQUEST },
  },
};

const errors = {
  type: sequenceOf({ interface: 'ApplePayError', is: isApplePayError }),
  default: [],
} as const;
const newShippingMethods = { type: sequenceOf(SHIPPING_METHOD), default: [] } as const;

// ApplePayDetailsUpdateBase.idl and the four updates built on it.
const DETAILS_UPDATE_BASE: IdlDictionary = {
  dictionary: 'ApplePayDetailsUpdateBase',
  members: {
    newTotal: { type: LINE_ITEM, required: true },
    newLineItems: { type: sequenceOf(LINE_ITEM), default: [] },
    newRecurringPaymentRequest: { type: RECURRING_PAYMENT_REQUEST },
    newAutomaticReloadPaymentRequest: { type: AUTOMATIC_RELOAD_PAYMENT_REQUEST },
    newMultiTokenContexts: { type: sequenceOf(PAYMENT_TOKEN_CONTEXT) },
    newDeferredPaymentRequest: { type: DEFERRED_PAYMENT_REQUEST },
  },
};

export const UPDATES = {
  completePaymentMethodSelection: {
    dictionary: 'ApplePayPaymentMethodUpdate',
    base: DETAILS_UPDATE_BASE,
    members: { errors, newShippingMethods },
  },
  completeShippingMethodSelection: {
    dictionary: 'ApplePayShippingMethodUpdate',
    base: DETAILS_UPDATE_BASE,
    members: {},
  },
  completeShippingContactSelection: {
    dictionary: 'ApplePayShippingContactUpdate',
    base: DETAILS_UPDATE_BASE,
    members: { errors, newShippingMethods },
  },
  completeCouponCodeChange: {
    dictionary: 'ApplePayCouponCodeUpdate',
    base: DETAILS_UPDATE_BASE,
    members: { errors, newShippingMethods },
  },
} satisfies Record<string, IdlDictionary>;

// ApplePayPaymentAuthorizationResult.idl, ApplePayPaymentOrderDetails.idl
export const AUTHORIZATION_RESULT: IdlDictionary = {
  dictionary: 'ApplePayPaymentAuthorizationResult',
  members: {
    status: { type: 'unsigned short', required: true },
    errors,
    orderDetails: {
      type: {
        dictionary: 'ApplePayPaymentOrderDetails',
        members: {
          orderTypeIdentifier: requiredString,
          orderIdentifier: requiredString,
          webServiceURL: requiredString,
          authenticationToken: requiredString,
        },
      },
    },
  },
};
