// The shoppers' devices the simulator can play: what each Safari (and the PassKit of its OS) has that a checkout
// meets. The one table of facts, each with its source; docs/how-it-is-tested.md shows the same table (a test
// keeps the two equal). A profile is "Safari X.Y on iOS X.Y" (and on the macOS released with it): on iOS, Safari
// and PassKit come with the OS. Where the design page or the issue said otherwise, `note` says what the source
// says instead.

/** The devices, oldest first. */
export const DEVICE_NAMES = [
  'safari-15.0',
  'safari-15.4',
  'safari-16.0',
  'safari-16.4',
  'safari-17.0',
  'safari-18.0',
  'safari-26.0',
] as const;

export type DeviceName = (typeof DEVICE_NAMES)[number];

/** The newest: what the simulator plays unless told otherwise. */
export const DEFAULT_DEVICE: DeviceName = 'safari-26.0';

/** Which system each profile is, and the WebKit build train it ships. */
export const SYSTEMS: Record<DeviceName, string> = {
  'safari-15.0': 'iOS 15.0, macOS 12.0; WebKit 612.1',
  'safari-15.4': 'iOS 15.4, macOS 12.3; WebKit 613.1',
  'safari-16.0': 'iOS 16.0, macOS 13.0; WebKit 614.1',
  'safari-16.4': 'iOS 16.4, macOS 13.3; WebKit 615.1',
  'safari-17.0': 'iOS 17.0, macOS 14.0; WebKit 616.1',
  'safari-18.0': 'iOS 18.0, macOS 15.0; WebKit 619.1',
  'safari-26.0': 'iOS 26.0, macOS 26.0; WebKit 622.1',
};

/** A fact that holds from one device on (`since`), or only before one (`until`). */
interface Fact {
  since?: DeviceName;
  until?: DeviceName;
  source: string;
  /** Where a design page or issue said something else, and what. */
  note?: string;
}

/** Request dictionary members that only some builds read (members every profile reads are not listed). */
export type OptionalMember =
  | 'ApplePayShippingMethod.selected'
  | 'ApplePayRequestBase.features'
  | 'ApplePayRequestBase.applePayLaterAvailability'
  | 'ApplePayRequestBase.merchantCategoryCode'
  | 'ApplePayPaymentRequest.recurringPaymentRequest'
  | 'ApplePayPaymentRequest.automaticReloadPaymentRequest'
  | 'ApplePayPaymentRequest.multiTokenContexts'
  | 'ApplePayPaymentRequest.deferredPaymentRequest'
  | 'ApplePayPaymentRequest.disbursementRequest'
  | 'ApplePayLineItem.automaticReloadPaymentThresholdAmount'
  | 'ApplePayLineItem.disbursementLineItemType'
  | 'ApplePayPaymentAuthorizationResult.orderDetails';

/** Web platform features the element meets that the oldest profiles lack. */
export type PlatformGap = 'abort-reason' | 'constructable-stylesheets';

const RELEASE_NOTES = "Apple, 'Apple Pay on the Web version N release notes'";

/** The highest version `supportsVersion` accepts, from the device on which it became that. */
export const VERSIONS: (Fact & { version: number })[] = [
  {
    version: 12,
    since: 'safari-15.0',
    source: `${RELEASE_NOTES} (12: macOS 12, iOS 15); WebKit PaymentAPIVersionCocoa.mm: 12 with APPLE_PAY_COUPON_CODE`,
  },
  {
    version: 13,
    since: 'safari-15.4',
    source: `${RELEASE_NOTES} (13: macOS 12.3, iOS 15.4); PaymentAPIVersionCocoa.mm: 13 with APPLE_PAY_SELECTED_SHIPPING_METHOD`,
  },
  {
    version: 14,
    since: 'safari-16.0',
    source: `${RELEASE_NOTES} (14: macOS 13, iOS 16); PaymentAPIVersionCocoa.mm: 14 with APPLE_PAY_RECURRING_PAYMENTS`,
  },
  {
    version: 15,
    since: 'safari-16.4',
    source:
      'WebKit PR #2793 (0f50dd00, July 2022, on main after the 16.0 branch): 15 with APPLE_PAY_FEATURES, "should not be changed anymore"; Apple publishes no version 15 notes; Safari 17.3 answers 15 (thumbmarkjs#20)',
    note: 'the design page lists 14 as the last version; 16.4 and later answer 15',
  },
];

/** PassKit's networks on every profile (all documented before Apple Pay JS 12), in Apple Pay JS spelling. */
export const BASE_NETWORKS = [
  'amex',
  'carteBancaire',
  'cartesBancaires',
  'chinaUnionPay',
  'discover',
  'eftpos',
  'electron',
  'elo',
  'girocard',
  'interac',
  'jcb',
  'mada',
  'maestro',
  'masterCard',
  'mir',
  'privateLabel',
  'visa',
  'vPay',
];
export const BASE_NETWORKS_SOURCE = `${RELEASE_NOTES} 1 to 11; WebKit PaymentCoordinator::validatedPaymentNetwork refuses only jcb before version 2 and carteBancaire before 3`;

/** Networks PassKit added within the profiles' span. */
export const NETWORKS: (Fact & { network: string })[] = [
  {
    network: 'dankort',
    since: 'safari-15.4',
    source: `${RELEASE_NOTES} (13: "Added dankort"); PassKit header: PKPaymentNetworkDankort iOS 15.1`,
  },
  {
    network: 'bancomat',
    since: 'safari-16.0',
    source: `${RELEASE_NOTES} (14: "Added bancomat and bancontact"); PassKit: PKPaymentNetworkBancomat iOS 16.0, deprecated 17.0`,
  },
  {
    network: 'bancontact',
    since: 'safari-16.0',
    source: `${RELEASE_NOTES} (14); PassKit: PKPaymentNetworkBancontact iOS 16.0`,
  },
];

const PASSKIT_16 =
  'WebKit PlatformHave.h: HAVE(PASSKIT_RECURRING_PAYMENTS, _AUTOMATIC_RELOAD_PAYMENTS, _MULTI_MERCHANT_PAYMENTS, _PAYMENT_ORDER_DETAILS) from iOS 16.0 / macOS 13.0; ' +
  `${RELEASE_NOTES} (14)`;

/** The members each build reads, from the device on which it first does: each is `[Conditional=…]` in its .idl. */
export const MEMBERS: (Fact & { member: OptionalMember })[] = [
  {
    member: 'ApplePayShippingMethod.selected',
    since: 'safari-15.4',
    source:
      '[Conditional=APPLE_PAY_SELECTED_SHIPPING_METHOD]: HAVE(PASSKIT_DEFAULT_SHIPPING_METHOD) from the iOS 15.4 / macOS 12.3 SDK (PlatformHave.h); PaymentAPIVersionCocoa.mm: version 13',
  },
  {
    member: 'ApplePayPaymentRequest.recurringPaymentRequest',
    since: 'safari-16.0',
    source: `[Conditional=APPLE_PAY_RECURRING_PAYMENTS]; ${PASSKIT_16}`,
  },
  {
    member: 'ApplePayPaymentRequest.automaticReloadPaymentRequest',
    since: 'safari-16.0',
    source: `[Conditional=APPLE_PAY_AUTOMATIC_RELOAD_PAYMENTS]; ${PASSKIT_16}`,
  },
  {
    member: 'ApplePayPaymentRequest.multiTokenContexts',
    since: 'safari-16.0',
    source: `[Conditional=APPLE_PAY_MULTI_MERCHANT_PAYMENTS]; ${PASSKIT_16}`,
  },
  {
    member: 'ApplePayLineItem.automaticReloadPaymentThresholdAmount',
    since: 'safari-16.0',
    source: `[Conditional=APPLE_PAY_AUTOMATIC_RELOAD_LINE_ITEM], with paymentTiming "automaticReload"; ${PASSKIT_16}`,
  },
  {
    member: 'ApplePayPaymentAuthorizationResult.orderDetails',
    since: 'safari-16.0',
    source: `[Conditional=APPLE_PAY_PAYMENT_ORDER_DETAILS]; ${PASSKIT_16}`,
  },
  {
    member: 'ApplePayRequestBase.features',
    since: 'safari-16.4',
    source:
      'WebKit PR #2793 (0f50dd00, July 2022): `features` unguarded, on main after the 16.0 branch; first in 615.1 (16.4)',
  },
  {
    member: 'ApplePayPaymentRequest.deferredPaymentRequest',
    since: 'safari-17.0',
    source:
      '[Conditional=APPLE_PAY_DEFERRED_PAYMENTS]: WebKit PR #10917 (1fdc00a9) landed on main 2023-03-02, after the 16.4 branch (615.1) was cut; no cherry-pick to it found. HAVE(PASSKIT_DEFERRED_PAYMENTS) needs iOS 16.4 / macOS 13.3, where PassKit added PKDeferredPaymentRequest',
    note: 'the issue says Safari 16.4 (at version 14); WebKit’s history puts it in 17.0 (at version 15). The 16.4 release tag itself could not be read here',
  },
  {
    member: 'ApplePayRequestBase.applePayLaterAvailability',
    since: 'safari-17.0',
    source:
      '[Conditional=APPLE_PAY_LATER_AVAILABILITY]: HAVE(PASSKIT_APPLE_PAY_LATER_AVAILABILITY), macOS 14 / iOS 17 (WebKit PRs #12666, #13895, April–May 2023); PassKit applePayLaterAvailability iOS 17.0',
  },
  {
    member: 'ApplePayRequestBase.merchantCategoryCode',
    since: 'safari-18.0',
    source:
      '[Conditional=APPLE_PAY_MERCHANT_CATEGORY_CODE]: HAVE(PASSKIT_MERCHANT_CATEGORY_CODE), macOS 15 / iOS 18; PassKit merchantCategoryCode iOS 18.0',
  },
  {
    member: 'ApplePayPaymentRequest.disbursementRequest',
    since: 'safari-18.0',
    source:
      '[Conditional=APPLE_PAY_DISBURSEMENTS]: WebKit PR #22710 (c40451f6, January 2024); HAVE(PASSKIT_DISBURSEMENTS), macOS 15 / iOS 18',
  },
  {
    member: 'ApplePayLineItem.disbursementLineItemType',
    since: 'safari-18.0',
    source: '[Conditional=APPLE_PAY_DISBURSEMENTS] (WebKit PR #22710)',
  },
];

/** Apple Pay in a cross-origin iframe. */
export const CROSS_ORIGIN_FRAMES: Fact = {
  since: 'safari-17.0',
  source:
    'WebKit PR #11485 (262616@main, April 2023) removed PaymentSession::canCreateSession’s "different security origin than its top-level frame" InvalidAccessError; the permissions-policy check before it (SecurityError without allow="payment") stays. Safari 17 release notes (Apple Pay)',
  note: 'the design page says ApplePaySession is absent in iframes without allow="payment": it is present, and its calls throw SecurityError',
};

/** What each profile lacks of the web platform, until the device that brought it. */
export const GAPS: (Fact & { gap: PlatformGap; what: string })[] = [
  {
    gap: 'abort-reason',
    what: 'AbortSignal.prototype.reason and throwIfAborted, AbortController.abort(reason)',
    until: 'safari-15.4',
    source:
      'MDN browser-compat-data: api.AbortSignal.reason, .throwIfAborted, abort reason_parameter: Safari 15.4',
  },
  {
    gap: 'constructable-stylesheets',
    what: 'new CSSStyleSheet(), replace/replaceSync, adoptedStyleSheets',
    until: 'safari-16.4',
    source:
      'MDN browser-compat-data: api.CSSStyleSheet.CSSStyleSheet, Document/ShadowRoot.adoptedStyleSheets: Safari 16.4',
  },
];

/** The statics: the same on every profile. */
export const STATICS: Fact & { statics: string[] } = {
  statics: [
    'supportsVersion',
    'canMakePayments',
    'canMakePaymentsWithActiveCard',
    'openPaymentSetup',
  ],
  since: 'safari-15.0',
  source:
    'WebKit ApplePaySession.idl; there is no applePayCapabilities in WebKit’s ApplePaySession at any stored version: it is the Apple Pay JS SDK’s (“applies to Apple Pay JS API version 1.latest”), the simulator’s apple-js-sdk flavour',
  note: 'the design page says applePayCapabilities from Safari 18: Safari itself has none',
};

/** Everything the simulator needs to know of one device. */
export interface DeviceProfile {
  name: DeviceName;
  maxVersion: number;
  /** PassKit's availableNetworks, in Apple Pay JS spelling (matched case-insensitively). */
  networks: readonly string[];
  reads: ReadonlySet<OptionalMember>;
  /** Whether a cross-origin iframe with allow="payment" may use Apple Pay. */
  crossOriginFrames: boolean;
  gaps: ReadonlySet<PlatformGap>;
}

const index = (name: DeviceName) => DEVICE_NAMES.indexOf(name);

/** Whether `fact` holds on `device`. */
export function holds(fact: Fact, device: DeviceName): boolean {
  const at = index(device);
  return (!fact.since || at >= index(fact.since)) && (!fact.until || at < index(fact.until));
}

const profiles = new Map<DeviceName, DeviceProfile>();

/** The profile called `name`; anything else is an error that lists the names. */
export function deviceProfile(name: string = DEFAULT_DEVICE): DeviceProfile {
  if (!(DEVICE_NAMES as readonly string[]).includes(name))
    throw new Error(
      `Apple Pay simulator: no device ${JSON.stringify(name)}; the devices are ${DEVICE_NAMES.join(', ')}`,
    );
  const device = name as DeviceName;
  let profile = profiles.get(device);
  if (!profile) {
    profile = {
      name: device,
      maxVersion: VERSIONS.filter((fact) => holds(fact, device)).at(-1)!.version,
      networks: [
        ...BASE_NETWORKS,
        ...NETWORKS.filter((fact) => holds(fact, device)).map((fact) => fact.network),
      ],
      reads: new Set(MEMBERS.filter((fact) => holds(fact, device)).map((fact) => fact.member)),
      crossOriginFrames: holds(CROSS_ORIGIN_FRAMES, device),
      gaps: new Set(GAPS.filter((fact) => holds(fact, device)).map((fact) => fact.gap)),
    };
    profiles.set(device, profile);
  }
  return profile;
}
