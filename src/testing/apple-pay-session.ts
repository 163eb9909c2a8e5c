// A strict stand-in for Safari's ApplePaySession, modelled on WebKit's ApplePaySession.cpp: its states, the
// user-gesture rule, one active session per page, every check of the request and of each answer. Each misuse
// is thrown as Safari throws it and recorded. The tests use it as their double (and fail on any misuse they
// did not expect); the demo uses it, with a drawn sheet, as its simulator in browsers that have no Apple Pay.
// It is never part of the published bundle.
import { FakeApplePayError } from './apple-pay-error.js';
import { dictionariesFor } from './apple-pay-dictionaries.js';
import { DEFAULT_DEVICE, deviceProfile, type DeviceName } from './devices.js';
import { canCreateSession } from './payment-session.js';
import { ANSWERS, cancelScheduled, deviceSettings, schedule, type Misuse } from './platform.js';
import { checkPaymentRequest, convertPaymentRequest } from './session-request.js';
import {
  checkAuthorizationResult,
  checkUpdate,
  legacyUpdate,
  type SelectionMethod,
} from './session-updates.js';
import { inUserGesture } from './user-gesture.js';
import { invalidAccess, typeError, unsignedLong } from './webidl.js';
import { setGaps } from './web-platform.js';

export type { Misuse } from './platform.js';
export { FakeApplePayError } from './apple-pay-error.js';

type State =
  | 'idle'
  | 'active'
  | 'authorized'
  | 'completed'
  | 'aborted'
  | 'canceled'
  /** A version 1–2 failure status for a shipping method: the sheet is closing. */
  | 'cancel-requested';
type Result = ApplePayJS.ApplePayPaymentAuthorizationResult;

/** Safari's selection events, each with the only method that answers it. */
const SELECTIONS = {
  paymentmethodselected: 'completePaymentMethodSelection',
  shippingmethodselected: 'completeShippingMethodSelection',
  shippingcontactselected: 'completeShippingContactSelection',
  couponcodechanged: 'completeCouponCodeChange',
} as const;

/** The device the simulator plays now. */
const profile = () => deviceProfile(applePay.device);
/** The request dictionaries its WebKit build converts. */
const idl = () => dictionariesFor(profile().reads);

/** PaymentSession::canCreateSession: a secure document, in no cross-origin frame the device refuses. */
const checkDocument = () => canCreateSession(profile().crossOriginFrames);

/** Runs `check`; whatever it throws is recorded as a misuse of `method`, then thrown on to the page. */
function recorded<T>(method: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    const { name, message } = error as Error;
    applePay.misuses.push({ method, error: `${name}: ${message}` });
    throw error;
  }
}

const sheetError = () => ({ code: 'unknown', info: {} });

export class FakeApplePaySession extends EventTarget {
  static readonly STATUS_SUCCESS = 0;
  static readonly STATUS_FAILURE = 1;
  static readonly STATUS_INVALID_BILLING_POSTAL_ADDRESS = 2;
  static readonly STATUS_INVALID_SHIPPING_POSTAL_ADDRESS = 3;
  static readonly STATUS_INVALID_SHIPPING_CONTACT = 4;
  static readonly STATUS_PIN_REQUIRED = 5;
  static readonly STATUS_PIN_INCORRECT = 6;
  static readonly STATUS_PIN_LOCKOUT = 7;

  static supportsVersion(version: number): boolean {
    return recorded('supportsVersion', () => {
      const converted = unsignedLong(version);
      if (!converted) invalidAccess();
      checkDocument();
      return converted <= applePay.maxVersion;
    });
  }
  static canMakePayments(): boolean {
    return recorded('canMakePayments', () => {
      checkDocument();
      return applePay.canMakePayments;
    });
  }
  static canMakePaymentsWithActiveCard(merchantIdentifier: string): Promise<boolean> {
    return recorded('canMakePaymentsWithActiveCard', () => {
      if (arguments.length < 1) typeError('Not enough arguments');
      checkDocument();
      void merchantIdentifier;
      return Promise.resolve(applePay.canMakePayments);
    });
  }
  static openPaymentSetup(merchantIdentifier: string): Promise<boolean> {
    return recorded('openPaymentSetup', () => {
      if (arguments.length < 1) typeError('Not enough arguments');
      checkDocument();
      if (!inUserGesture())
        invalidAccess('Must call ApplePaySession.openPaymentSetup from a user gesture handler.');
      void merchantIdentifier;
      return Promise.resolve(applePay.paymentSetupResult);
    });
  }

  // A page entering the back-forward cache is suspended once its pagehide handlers have run; an active
  // session then cancels (ApplePaySession::suspend), its cancel event queued for when the page returns.
  static {
    // No window in Node, where importing the kit must not throw.
    globalThis.addEventListener?.('pagehide', (event) => {
      if ((event as PageTransitionEvent).persisted)
        schedule(() => {
          const session = applePay.active;
          if (session) session.#suspend();
        });
    });
  }

  state: State = 'idle';
  awaitingValidation = false;
  /** The selection event the sheet waits to have answered, if any. */
  pendingSelection?: keyof typeof SELECTIONS;
  /** Every accepted answer to a selection event, in order, as the page gave it. */
  readonly selectionUpdates: { method: string; update: unknown }[] = [];
  merchantSession?: object;
  readonly completions: Result[] = [];
  readonly version: number;
  /**
   * The request as Safari took it: the members this device's WebKit reads, as the page gave them (a member it
   * does not know is not there, as it is not in Safari).
   */
  readonly request: ApplePayJS.ApplePayPaymentRequest;
  onvalidatemerchant: ((event: Event) => void) | null = null;
  onpaymentauthorized: ((event: Event) => void) | null = null;
  onpaymentmethodselected: ((event: Event) => void) | null = null;
  onshippingmethodselected: ((event: Event) => void) | null = null;
  onshippingcontactselected: ((event: Event) => void) | null = null;
  oncouponcodechanged: ((event: Event) => void) | null = null;
  oncancel: ((event: Event) => void) | null = null;
  #listeners = new Map<string, Set<unknown>>();
  /** WebKit's ValidatingMerchant: from the validatemerchant event on, not from begin(). */
  #validating = false;
  #stopValidationTimer?: () => void;

  constructor(version: number, request: ApplePayJS.ApplePayPaymentRequest) {
    super();
    this.version = unsignedLong(version);
    this.request = recorded('constructor', () => {
      if (arguments.length < 2) typeError('Not enough arguments');
      // The bindings convert the request before ApplePaySession::create runs.
      const [converted, given] = convertPaymentRequest(request, idl());
      checkDocument();
      if (!inUserGesture())
        invalidAccess('Must create a new ApplePaySession from a user gesture handler.');
      checkPaymentRequest(this.version, converted, {
        supportsVersion: (v) => v <= applePay.maxVersion,
        availableNetworks: applePay.availableNetworks,
      });
      return given as unknown as ApplePayJS.ApplePayPaymentRequest;
    });
    applePay.sessions.push(this);
  }

  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: AddEventListenerOptions | boolean,
  ): void {
    if (listener) this.#listeners.set(type, (this.#listeners.get(type) ?? new Set()).add(listener));
    super.addEventListener(type, listener, options);
  }
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: EventListenerOptions | boolean,
  ): void {
    this.#listeners.get(type)?.delete(listener);
    super.removeEventListener(type, listener, options);
  }

  begin(): void {
    recorded('begin', () => {
      if (this.state !== 'idle') invalidAccess('Payment session is already active.');
      if (applePay.active) invalidAccess('Page already has an active payment session.');
    });
    this.state = 'active';
    this.awaitingValidation = true;
    applePay.active = this;
    applePay.observe?.(this);
    // Safari asks for merchant validation in a later task; PassKit gives up on it after a while.
    schedule(() => {
      if (this.state !== 'active') return;
      this.#validating = true;
      this.#fire('validatemerchant', { validationURL: applePay.validationURL });
    });
    this.#stopValidationTimer = schedule(() => {
      if (this.awaitingValidation && this.state === 'active') this.cancel();
    }, applePay.merchantValidationTimeout);
  }

  completeMerchantValidation(merchantSession: unknown): void {
    recorded('completeMerchantValidation', () => {
      if (this.state !== 'active' || !this.#validating) invalidAccess();
      if (typeof merchantSession !== 'object' || merchantSession === null) typeError();
    });
    this.awaitingValidation = this.#validating = false;
    this.#stopValidationTimer?.();
    this.merchantSession = merchantSession as object;
    applePay.observe?.(this);
  }

  completePayment(result: number | Result): void {
    const { final } = recorded('completePayment', () => {
      if (this.state !== 'authorized') invalidAccess();
      return checkAuthorizationResult(result, idl());
    });
    this.completions.push(typeof result === 'number' ? { status: result } : result);
    // Anything but a plain success or failure returns the sheet to the customer, who may fix it and retry.
    if (final) this.#finish('completed');
    else this.state = 'active';
    applePay.observe?.(this);
  }

  completePaymentMethodSelection(...args: unknown[]): void {
    this.#completeSelection('completePaymentMethodSelection', args, 2);
  }
  completeShippingMethodSelection(...args: unknown[]): void {
    this.#completeSelection('completeShippingMethodSelection', args, 3);
  }
  completeShippingContactSelection(...args: unknown[]): void {
    this.#completeSelection('completeShippingContactSelection', args, 4);
  }
  completeCouponCodeChange(update: unknown): void {
    this.#completeSelection('completeCouponCodeChange', [update], 2);
  }

  /** `legacyArity`: how many arguments the status form of versions 1–2 takes (chosen by argument count). */
  #completeSelection(method: SelectionMethod, args: unknown[], legacyArity: number): void {
    const update = recorded(method, () => {
      if (args.length < 1) typeError('Not enough arguments');
      const legacy = method !== 'completeCouponCodeChange' && args.length >= 2;
      if (legacy && args.length < legacyArity) typeError('Not enough arguments');
      const pending = this.pendingSelection;
      if (this.state !== 'active' || !pending || SELECTIONS[pending] !== method) invalidAccess();
      const given = legacy ? legacyUpdate(method, args) : args[0];
      if (given !== 'cancel') checkUpdate(method, given, this.version, idl());
      return given;
    });
    this.pendingSelection = undefined;
    if (update === 'cancel') {
      this.state = 'cancel-requested';
      schedule(() => this.cancel());
    } else this.selectionUpdates.push({ method, update });
    applePay.observe?.(this);
  }

  abort(): void {
    recorded('abort', () => {
      if (this.state === 'idle' || this.#ended) invalidAccess();
    });
    this.#finish('aborted');
    applePay.observe?.(this);
  }

  get #ended(): boolean {
    return this.state === 'completed' || this.state === 'aborted' || this.state === 'canceled';
  }

  // What the customer (or the device) does. Called by tests; a call in the wrong state is a bug in the test.

  /** The customer authorises with Touch ID / Face ID. */
  authorize(payment: Partial<ApplePayJS.ApplePayPayment> = samplePayment): void {
    if (
      this.state !== 'active' ||
      this.awaitingValidation ||
      !this.merchantSession ||
      this.pendingSelection
    ) {
      throw new Error(
        `cannot authorize a session that is ${this.state} (awaiting validation: ${this.awaitingValidation})`,
      );
    }
    this.state = 'authorized';
    applePay.observe?.(this);
    this.#fire('paymentauthorized', { payment });
  }

  /**
   * The customer changes a card, shipping method, address or coupon code on the sheet. With no listener for
   * the event, Safari answers it itself and the sheet goes on.
   */
  select(event: keyof typeof SELECTIONS, properties: object): void {
    if (this.state !== 'active' || this.awaitingValidation || this.pendingSelection) {
      throw new Error(
        `cannot select on a session that is ${this.state} (pending: ${this.pendingSelection})`,
      );
    }
    if (!this.#listens(event)) return;
    this.pendingSelection = event;
    applePay.observe?.(this);
    this.#fire(event, properties);
  }

  /** The customer dismisses the sheet (or PassKit times it out). */
  cancel(): void {
    if (this.state === 'idle' || this.#ended)
      throw new Error(`cannot cancel a session that is ${this.state}`);
    this.#finish('canceled');
    applePay.observe?.(this);
    this.#fire('cancel', { sessionError: sheetError() });
  }

  #suspend(): void {
    this.#finish('canceled');
    applePay.observe?.(this);
    schedule(() => this.#fire('cancel', { sessionError: sheetError() }));
  }

  #listens(type: string): boolean {
    return (
      typeof this[`on${type}` as 'oncancel'] === 'function' ||
      Boolean(this.#listeners.get(type)?.size)
    );
  }

  #finish(state: State): void {
    this.state = state;
    this.awaitingValidation = this.#validating = false;
    this.pendingSelection = undefined;
    this.#stopValidationTimer?.();
    if (applePay.active === this) applePay.active = undefined;
  }

  #fire(type: string, properties: object): void {
    const event = Object.assign(new Event(type), properties);
    this.dispatchEvent(event);
    const handler = this[`on${type}` as 'oncancel'];
    if (typeof handler === 'function') {
      try {
        handler.call(this, event);
      } catch (error) {
        reportError(error);
      }
    }
  }
}

export const samplePayment: ApplePayJS.ApplePayPayment = {
  token: {
    paymentData: { version: 'EC_v1', data: 'c2FtcGxl', signature: 'c2ln', header: {} },
    paymentMethod: {
      displayName: 'Visa 1234',
      network: 'Visa',
      type: 'debit',
    } as ApplePayJS.ApplePayPaymentMethod,
    transactionIdentifier: 'A1B2C3',
  },
};

let device: DeviceName = DEFAULT_DEVICE;

/** The fake platform and what the code under test did to it: what a test sets up, sessions, misuses. */
export const applePay = {
  ...ANSWERS,
  ...deviceSettings(),
  sessions: [] as FakeApplePaySession[],
  misuses: [] as Misuse[],
  active: undefined as FakeApplePaySession | undefined,
  /** Told of every session's every change of state: the demo's sheet draws from it. */
  observe: undefined as ((session: FakeApplePaySession) => void) | undefined,

  /** The shopper's device the double plays (devices.ts). */
  get device(): DeviceName {
    return device;
  },
  /**
   * Plays `name`: its highest version, networks, request members and iframe rule, and the web platform it
   * lacks — constructable stylesheets only with `stylesheets`, before any script on the page has looked.
   */
  setDevice(name: DeviceName, { stylesheets = false } = {}) {
    const { gaps } = deviceProfile(name); // throws for an unknown name, before anything changes
    device = name;
    Object.assign(this, deviceSettings(name));
    setGaps([...gaps].filter((gap) => stylesheets || gap !== 'constructable-stylesheets'));
  },

  /** Back to a fresh device: settings to their defaults, sessions, misuses and pending timers forgotten. */
  reset() {
    Object.assign(this, ANSWERS);
    this.setDevice(DEFAULT_DEVICE);
    cancelScheduled();
    this.sessions = [];
    this.misuses = [];
    this.active = undefined;
    this.observe = undefined;
  },
  /** Returns the misuses recorded so far and forgets them: for tests that provoke one on purpose. */
  takeMisuses(): Misuse[] {
    const misuses = this.misuses;
    this.misuses = [];
    return misuses;
  },
  get last(): FakeApplePaySession {
    const session = this.sessions.at(-1);
    if (!session) throw new Error('no ApplePaySession was created');
    return session;
  },
};

/** Installs the double as the page's `ApplePaySession`, with its `ApplePayError`. */
export function installApplePay(): void {
  Object.assign(globalThis, {
    ApplePaySession: FakeApplePaySession,
    ApplePayError: FakeApplePayError,
  });
}

export function uninstallApplePay(): void {
  delete (globalThis as { ApplePaySession?: unknown }).ApplePaySession;
  delete (globalThis as { ApplePayError?: unknown }).ApplePayError;
}
