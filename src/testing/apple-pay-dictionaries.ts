// The Apple Pay dictionaries as WebKit's .idl files declare them (Source/WebCore/Modules/applepay/*.idl):
// which members exist, which are required, their enumerations and defaults. Unknown members are ignored,
// as WebIDL ignores them — and which members a build knows depends on the device (devices.ts): a member
// `[Conditional=…]` on a feature that build lacks is never read.
import { isApplePayError } from './apple-pay-error.js';
import type { OptionalMember } from './devices.js';
import type { IdlDictionary, IdlMember, IdlType } from './webidl.js';

const string = { type: 'DOMString' } as const;
const requiredString = { type: 'DOMString', required: true } as const;
const sequenceOf = (type: IdlType) => ({ sequence: type });

// ApplePayRecurringPaymentDateUnit.idl
const DATE_UNITS = ['year', 'month', 'day', 'hour', 'minute'];
// ApplePayMerchantCapability.idl
const MERCHANT_CAPABILITIES = ['supports3DS', 'supportsEMV', 'supportsCredit', 'supportsDebit'];
// ApplePayContactField.idl
const CONTACT_FIELDS = ['email', 'name', 'phoneticName', 'phone', 'postalAddress'];

const DATE_COMPONENTS: IdlDictionary = {
  dictionary: 'ApplePayDateComponents',
  members: {
    years: { type: 'unsigned long' },
    months: { type: 'unsigned long' },
    days: { type: 'unsigned long' },
    hours: { type: 'unsigned long' },
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

const PAYMENT_TOKEN_CONTEXT: IdlDictionary = {
  dictionary: 'ApplePayPaymentTokenContext',
  members: {
    merchantIdentifier: requiredString,
    externalIdentifier: requiredString,
    merchantName: requiredString,
    merchantDomain: string,
    amount: requiredString,
  },
};

const errors = {
  type: sequenceOf({ interface: 'ApplePayError', is: isApplePayError }),
  default: [],
} as const;

/** The dictionaries one build converts. */
export interface Dictionaries {
  paymentRequest: IdlDictionary;
  updates: Record<SelectionMethod, IdlDictionary>;
  authorizationResult: IdlDictionary;
}

export type SelectionMethod =
  | 'completePaymentMethodSelection'
  | 'completeShippingMethodSelection'
  | 'completeShippingContactSelection'
  | 'completeCouponCodeChange';

/** `members`, without those whose `[Conditional]` feature this build lacks. */
function conditional(
  reads: ReadonlySet<OptionalMember>,
  dictionary: string,
  members: Record<string, IdlMember>,
  optional: Record<string, IdlMember> = {},
): Record<string, IdlMember> {
  return {
    ...members,
    ...Object.fromEntries(
      Object.entries(optional).filter(([name]) =>
        reads.has(`${dictionary}.${name}` as OptionalMember),
      ),
    ),
  };
}

function build(reads: ReadonlySet<OptionalMember>): Dictionaries {
  // ApplePayPaymentTiming.idl: "automaticReload" is [Conditional=APPLE_PAY_AUTOMATIC_RELOAD_LINE_ITEM].
  const reloads = reads.has('ApplePayLineItem.automaticReloadPaymentThresholdAmount');
  const paymentTimings = [
    'immediate',
    'recurring',
    'deferred',
    ...(reloads ? ['automaticReload'] : []),
  ];

  // ApplePayLineItem.idl
  const lineItem: IdlDictionary = {
    dictionary: 'ApplePayLineItem',
    members: conditional(
      reads,
      'ApplePayLineItem',
      {
        type: { type: { enum: ['pending', 'final'] }, default: 'final' },
        label: string,
        amount: string,
        paymentTiming: { type: { enum: paymentTimings }, default: 'immediate' },
        recurringPaymentStartDate: { type: 'Date' },
        recurringPaymentIntervalUnit: { type: { enum: DATE_UNITS }, default: 'month' },
        recurringPaymentIntervalCount: { type: 'unsigned long', default: 1 },
        recurringPaymentEndDate: { type: 'Date' },
        deferredPaymentDate: { type: 'Date' },
      },
      {
        automaticReloadPaymentThresholdAmount: string,
        disbursementLineItemType: { type: { enum: ['disbursement', 'instantFundsOutFee'] } },
      },
    ),
  };

  // ApplePayShippingMethod.idl
  const shippingMethod: IdlDictionary = {
    dictionary: 'ApplePayShippingMethod',
    members: conditional(
      reads,
      'ApplePayShippingMethod',
      {
        label: requiredString,
        detail: requiredString,
        amount: requiredString,
        identifier: requiredString,
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
      { selected: { type: 'boolean' } },
    ),
  };

  // ApplePayRecurringPaymentRequest.idl, ApplePayAutomaticReloadPaymentRequest.idl,
  // ApplePayDeferredPaymentRequest.idl, ApplePayDisbursementRequest.idl
  const recurringPaymentRequest: IdlDictionary = {
    dictionary: 'ApplePayRecurringPaymentRequest',
    members: {
      paymentDescription: requiredString,
      regularBilling: { type: lineItem, required: true },
      trialBilling: { type: lineItem },
      billingAgreement: string,
      managementURL: requiredString,
      tokenNotificationURL: string,
    },
  };
  const automaticReloadPaymentRequest: IdlDictionary = {
    dictionary: 'ApplePayAutomaticReloadPaymentRequest',
    members: {
      paymentDescription: requiredString,
      automaticReloadBilling: { type: lineItem, required: true },
      billingAgreement: string,
      managementURL: requiredString,
      tokenNotificationURL: string,
    },
  };
  const deferredPaymentRequest: IdlDictionary = {
    dictionary: 'ApplePayDeferredPaymentRequest',
    members: {
      billingAgreement: string,
      deferredBilling: { type: lineItem, required: true },
      freeCancellationDate: { type: 'Date' },
      freeCancellationDateTimeZone: string,
      managementURL: requiredString,
      paymentDescription: requiredString,
      tokenNotificationURL: string,
    },
  };
  const disbursementRequest: IdlDictionary = {
    dictionary: 'ApplePayDisbursementRequest',
    members: { requiredRecipientContactFields: { type: sequenceOf({ enum: CONTACT_FIELDS }) } },
  };

  // ApplePayRequestBase.idl
  const requestBase: IdlDictionary = {
    dictionary: 'ApplePayRequestBase',
    members: conditional(
      reads,
      'ApplePayRequestBase',
      {
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
      },
      {
        features: { type: sequenceOf('DOMString') },
        applePayLaterAvailability: {
          type: {
            enum: ['available', 'unavailableItemIneligible', 'unavailableRecurringTransaction'],
          },
        },
        merchantCategoryCode: string,
      },
    ),
  };

  // ApplePayPaymentRequest.idl
  const paymentRequest: IdlDictionary = {
    dictionary: 'ApplePayPaymentRequest',
    base: requestBase,
    members: conditional(
      reads,
      'ApplePayPaymentRequest',
      {
        total: { type: lineItem, required: true },
        lineItems: { type: sequenceOf(lineItem) },
        currencyCode: requiredString,
        shippingType: {
          type: { enum: ['shipping', 'delivery', 'storePickup', 'servicePickup'] },
          default: 'shipping',
        },
        shippingMethods: { type: sequenceOf(shippingMethod) },
      },
      {
        recurringPaymentRequest: { type: recurringPaymentRequest },
        automaticReloadPaymentRequest: { type: automaticReloadPaymentRequest },
        multiTokenContexts: { type: sequenceOf(PAYMENT_TOKEN_CONTEXT) },
        deferredPaymentRequest: { type: deferredPaymentRequest },
        disbursementRequest: { type: disbursementRequest },
      },
    ),
  };

  // ApplePayDetailsUpdateBase.idl: its new… members follow the request's.
  const has = (member: OptionalMember) => reads.has(member);
  const detailsUpdateBase: IdlDictionary = {
    dictionary: 'ApplePayDetailsUpdateBase',
    members: {
      newTotal: { type: lineItem, required: true },
      newLineItems: { type: sequenceOf(lineItem), default: [] },
      ...(has('ApplePayPaymentRequest.recurringPaymentRequest') && {
        newRecurringPaymentRequest: { type: recurringPaymentRequest },
      }),
      ...(has('ApplePayPaymentRequest.automaticReloadPaymentRequest') && {
        newAutomaticReloadPaymentRequest: { type: automaticReloadPaymentRequest },
      }),
      ...(has('ApplePayPaymentRequest.multiTokenContexts') && {
        newMultiTokenContexts: { type: sequenceOf(PAYMENT_TOKEN_CONTEXT) },
      }),
      ...(has('ApplePayPaymentRequest.deferredPaymentRequest') && {
        newDeferredPaymentRequest: { type: deferredPaymentRequest },
      }),
      ...(has('ApplePayPaymentRequest.disbursementRequest') && {
        newDisbursementRequest: { type: disbursementRequest },
      }),
    },
  };
  const newShippingMethods = { type: sequenceOf(shippingMethod), default: [] } as const;
  const update = (dictionary: string, members: Record<string, IdlMember>): IdlDictionary => ({
    dictionary,
    base: detailsUpdateBase,
    members,
  });

  return {
    paymentRequest,
    updates: {
      completePaymentMethodSelection: update('ApplePayPaymentMethodUpdate', {
        errors,
        newShippingMethods,
      }),
      completeShippingMethodSelection: update('ApplePayShippingMethodUpdate', {}),
      completeShippingContactSelection: update('ApplePayShippingContactUpdate', {
        errors,
        newShippingMethods,
      }),
      completeCouponCodeChange: update('ApplePayCouponCodeUpdate', { errors, newShippingMethods }),
    },
    // ApplePayPaymentAuthorizationResult.idl, ApplePayPaymentOrderDetails.idl
    authorizationResult: {
      dictionary: 'ApplePayPaymentAuthorizationResult',
      members: conditional(
        reads,
        'ApplePayPaymentAuthorizationResult',
        { status: { type: 'unsigned short', required: true }, errors },
        {
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
      ),
    },
  };
}

const built = new WeakMap<ReadonlySet<OptionalMember>, Dictionaries>();

/** The dictionaries of the build that reads `reads` (a device profile's set: built once each). */
export function dictionariesFor(reads: ReadonlySet<OptionalMember>): Dictionaries {
  let dictionaries = built.get(reads);
  if (!dictionaries) built.set(reads, (dictionaries = build(reads)));
  return dictionaries;
}
