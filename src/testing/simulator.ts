// The merchant's handle on the simulated Apple Pay: install it in a page (over Safari's own, where there is one),
// set what the device answers, and act as the customer on the sheet — authorise with a chosen card, cancel,
// change shipping or coupon, let Safari time out — each step waiting until the page's code has answered.
import { appleJsSdk, installAppleJsSdk } from './apple-js-sdk.js';
import {
  FakeApplePaySession,
  applePay,
  installApplePay,
  uninstallApplePay,
  type Misuse,
} from './apple-pay-session.js';
import { paymentWith, testCards, type TestCard } from './cards.js';
import { DEFAULT_DEVICE, DEVICE_NAMES, type DeviceName } from './devices.js';
import { ApplePaySimulatorSheet } from './sheet.js';

export type { DeviceName, FakeApplePaySession, Misuse };

/** The shopper's devices the simulator can play, oldest first. */
export const devices: readonly DeviceName[] = DEVICE_NAMES;

export { testCards, type TestCard };

export interface SimulatorOptions {
  /**
   * The shopper's device: Safari on that iOS (and its macOS), with the highest Apple Pay JS version, the card
   * networks PassKit knows, the request members WebKit reads, the iframe rule and the web platform gaps of that
   * release. Default: the newest, `'safari-26.0'`.
   */
  device?: DeviceName;
  /**
   * `'safari'`: `ApplePaySession` alone, as Safari has it. `'apple-js-sdk'`: as Apple's JS SDK gives other
   * browsers — also `ApplePaySession.applePayCapabilities` and Apple's `<apple-pay-button>`. Default `'safari'`.
   */
  flavour?: 'safari' | 'apple-js-sdk';
  /** Draw a payment sheet a person can click (and a test can screenshot). Default true. */
  sheet?: boolean;
  /** What `canMakePayments()` answers. Default true. */
  canMakePayments?: boolean;
  /** The highest version `supportsVersion` accepts. Default: the device's. */
  maxVersion?: number;
  /** What `applePayCapabilities` answers (Apple JS SDK flavour). */
  credentialStatus?: ApplePayJS.PaymentCredentialStatus;
}

export interface WaitOptions {
  /** ms to wait for the page before the step fails. Default 5000. */
  timeout?: number;
}

export interface AuthorizeOptions extends WaitOptions {
  /** The card the customer pays with. Default `testCards.visa`. */
  card?: TestCard;
}

type Selection =
  | 'paymentmethodselected'
  | 'shippingmethodselected'
  | 'shippingcontactselected'
  | 'couponcodechanged';

const replacedNative = () =>
  'ApplePaySession' in globalThis &&
  (globalThis as { ApplePaySession?: unknown }).ApplePaySession !== FakeApplePaySession;

async function until<T>(what: string, probe: () => T | undefined, { timeout = 5000 }: WaitOptions) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const session = applePay.sessions.at(-1);
      const state = session
        ? `the last session is ${session.state}${session.awaitingValidation ? ', awaiting merchant validation' : ''}${session.pendingSelection ? `, awaiting the answer to ${session.pendingSelection}` : ''}`
        : 'no ApplePaySession was created';
      throw new Error(`Apple Pay simulator: timed out waiting for ${what} (${state})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The session on the sheet once merchant validation is done and nothing waits for an answer. */
const ready = (options: WaitOptions) =>
  until(
    'a validated payment sheet',
    () => {
      const session = applePay.active;
      return session?.state === 'active' &&
        !session.awaitingValidation &&
        session.merchantSession &&
        !session.pendingSelection
        ? session
        : undefined;
    },
    options,
  );

async function select(
  session: FakeApplePaySession,
  event: Selection,
  details: object,
  options: WaitOptions,
) {
  const answers = session.selectionUpdates.length;
  session.select(event, details);
  await until(
    `the page to answer ${event}`,
    () => (session.selectionUpdates.length > answers ? true : undefined),
    options,
  );
  return session.selectionUpdates.at(-1)!.update;
}

let sheet: HTMLElement | undefined;

function addSheet() {
  if (!customElements.get('apple-pay-simulator-sheet'))
    customElements.define('apple-pay-simulator-sheet', ApplePaySimulatorSheet);
  sheet = document.createElement('apple-pay-simulator-sheet');
  if (document.body) document.body.append(sheet);
  else
    document.addEventListener('DOMContentLoaded', () => document.body.append(sheet!), {
      once: true,
    });
}

function install(
  {
    device = DEFAULT_DEVICE,
    flavour = 'safari',
    sheet: drawSheet = true,
    canMakePayments = true,
    maxVersion,
    credentialStatus = 'paymentCredentialsAvailable',
  }: SimulatorOptions,
  beforePage: boolean,
): { replacedNative: boolean } {
  applePay.setDevice(device, { stylesheets: beforePage }); // first: an unknown device changes nothing
  const replaced = replacedNative();
  if (flavour === 'apple-js-sdk') installAppleJsSdk();
  else installApplePay();
  applePay.canMakePayments = canMakePayments;
  if (maxVersion !== undefined) applePay.maxVersion = maxVersion;
  appleJsSdk.credentialStatus = credentialStatus;
  if (drawSheet && !sheet) addSheet();
  return { replacedNative: replaced };
}

/**
 * The classic script's install, before any of the page's scripts: the one that can also take away what the
 * device lacks of constructable stylesheets (a page's Lit looks for them once, as it loads).
 */
export const installBeforePage = (options: SimulatorOptions = {}) => install(options, true);

export const applePaySimulator = {
  /**
   * Installs `ApplePaySession` (replacing Safari's own, if any) before the page's code looks for it.
   * Returns whether a native `ApplePaySession` was replaced. An unknown `device` throws, installing nothing.
   */
  install(options: SimulatorOptions = {}): { replacedNative: boolean } {
    return install(options, false);
  },

  uninstall(): void {
    uninstallApplePay();
    sheet?.remove();
    sheet = undefined;
  },

  /** Forgets every session and misuse and restores the defaults; the sheet keeps drawing. */
  reset(): void {
    const { observe } = applePay;
    applePay.reset();
    applePay.observe = observe;
    appleJsSdk.credentialStatus = 'paymentCredentialsAvailable';
    appleJsSdk.failure = undefined;
    appleJsSdk.asked = [];
  },

  /** The shopper's device; setting it also sets `maxVersion` to that device's. */
  set device(value: DeviceName) {
    applePay.setDevice(value);
  },
  get device(): DeviceName {
    return applePay.device;
  },
  /** What `canMakePayments()` (and `canMakePaymentsWithActiveCard()`) answer. */
  set canMakePayments(value: boolean) {
    applePay.canMakePayments = value;
  },
  get canMakePayments(): boolean {
    return applePay.canMakePayments;
  },
  /** The highest Apple Pay JS version the simulated device supports. */
  set maxVersion(value: number) {
    applePay.maxVersion = value;
  },
  get maxVersion(): number {
    return applePay.maxVersion;
  },
  /** Apple JS SDK flavour: what `applePayCapabilities` answers, or an error it rejects with. */
  set credentialStatus(value: ApplePayJS.PaymentCredentialStatus | Error) {
    appleJsSdk.failure = value instanceof Error ? value : undefined;
    if (!(value instanceof Error)) appleJsSdk.credentialStatus = value;
  },

  /** Every session the page created, oldest first. */
  get sessions(): readonly FakeApplePaySession[] {
    return applePay.sessions;
  },
  /** Calls Safari would have refused (wrong state, no user gesture, bad request…), each as Safari throws it. */
  get misuses(): readonly Misuse[] {
    return applePay.misuses;
  },

  /** Waits for the sheet to be up with merchant validation done. */
  waitForSheet(options: WaitOptions = {}): Promise<FakeApplePaySession> {
    return ready(options);
  },

  /** The customer pays with `card`; resolves to what the page completed the payment with. */
  async authorize({ card = testCards.visa, ...options }: AuthorizeOptions = {}) {
    const session = await ready(options);
    const completions = session.completions.length;
    session.authorize(paymentWith(card));
    return until(
      'the page to complete the payment',
      () => (session.completions.length > completions ? session.completions.at(-1) : undefined),
      options,
    );
  },

  /** The customer dismisses the sheet. */
  async cancel(options: WaitOptions = {}): Promise<void> {
    const session = await until(
      'a payment sheet',
      () =>
        applePay.active?.state === 'active' || applePay.active?.state === 'authorized'
          ? applePay.active
          : undefined,
      options,
    );
    session.cancel();
  },

  /** Safari gives up on a merchant validation that does not complete (after about 30 s): the sheet closes. */
  async timeOut(options: WaitOptions = {}): Promise<void> {
    const session = await until(
      'a sheet awaiting merchant validation',
      () => (applePay.active?.awaitingValidation ? applePay.active : undefined),
      options,
    );
    session.cancel();
  },

  /** The customer picks another card; resolves to the page's update. */
  async selectPaymentMethod(card: TestCard, options: WaitOptions = {}) {
    return select(
      await ready(options),
      'paymentmethodselected',
      { paymentMethod: { ...card } },
      options,
    );
  },
  async selectShippingMethod(
    shippingMethod: ApplePayJS.ApplePayShippingMethod,
    options: WaitOptions = {},
  ) {
    return select(await ready(options), 'shippingmethodselected', { shippingMethod }, options);
  },
  async selectShippingContact(
    shippingContact: ApplePayJS.ApplePayPaymentContact,
    options: WaitOptions = {},
  ) {
    return select(await ready(options), 'shippingcontactselected', { shippingContact }, options);
  },
  async changeCouponCode(couponCode: string, options: WaitOptions = {}) {
    return select(await ready(options), 'couponcodechanged', { couponCode }, options);
  },
};

export type ApplePaySimulator = typeof applePaySimulator;
