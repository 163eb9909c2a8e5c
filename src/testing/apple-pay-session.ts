// A strict stand-in for Safari's ApplePaySession: every state check Safari makes, the user-gesture rule, one
// active session per page. Each misuse is thrown as Safari throws it and recorded. The tests use it as their
// double (and fail on any misuse they did not expect); the demo uses it, with a drawn sheet, as its simulator
// in browsers that have no Apple Pay. It is never part of the published bundle.

type State = 'idle' | 'active' | 'authorized' | 'completed' | 'aborted' | 'canceled';
type Result = ApplePayJS.ApplePayPaymentAuthorizationResult;

export interface Misuse {
  method: string;
  error: string;
}

// The gesture rule: Safari lets a session be created only synchronously inside the handler of a trusted
// click/touch/key event. `navigator.userActivation.isActive` alone would accept code after an `await` (Chromium
// keeps activation for seconds), and so would "the event is still being dispatched" (the microtasks of one
// listener run before the next listener, mid-dispatch). So gesture listeners are wrapped to know when one of
// them is on the stack.
let gesture: Event | undefined;
let handlersRunning = 0;
const GESTURES = new Set([
  'click',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'touchend',
  'keydown',
  'keyup',
]);
const wrappers = new WeakMap<object, Map<string, EventListener>>();
const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;

function wrapped(type: string, listener: EventListenerOrEventListenerObject): EventListener {
  let byType = wrappers.get(listener);
  if (!byType) wrappers.set(listener, (byType = new Map()));
  let wrapper = byType.get(type);
  if (!wrapper) {
    wrapper = function (this: unknown, event: Event) {
      handlersRunning++;
      try {
        return typeof listener === 'function'
          ? listener.call(this, event)
          : listener.handleEvent(event);
      } finally {
        handlersRunning--;
      }
    };
    byType.set(type, wrapper);
  }
  return wrapper;
}
EventTarget.prototype.addEventListener = function (type, listener, options) {
  const gestureListener = GESTURES.has(type) && listener ? wrapped(type, listener) : listener;
  add.call(this, type, gestureListener, options);
};
EventTarget.prototype.removeEventListener = function (type, listener, options) {
  const gestureListener = (listener && wrappers.get(listener)?.get(type)) || listener;
  remove.call(this, type, gestureListener, options);
};
// Handler properties (`button.onclick = …`) count as much as listeners do.
for (const type of GESTURES) {
  for (const prototype of [
    HTMLElement.prototype,
    SVGElement.prototype,
    Document.prototype,
    Window.prototype,
  ]) {
    const property = Object.getOwnPropertyDescriptor(prototype, `on${type}`);
    if (!property?.set) continue;
    Object.defineProperty(prototype, `on${type}`, {
      ...property,
      set(this: EventTarget, handler: unknown) {
        property.set!.call(
          this,
          typeof handler === 'function' ? wrapped(type, handler as EventListener) : handler,
        );
      },
    });
  }
  add.call(window, type, (event: Event) => event.isTrusted && (gesture = event), { capture: true });
}
const inUserGesture = () =>
  navigator.userActivation.isActive &&
  gesture !== undefined &&
  gesture.eventPhase !== Event.NONE &&
  handlersRunning > 0;

/** Safari's selection events, each with the only method that answers it. */
const SELECTIONS = {
  paymentmethodselected: 'completePaymentMethodSelection',
  shippingmethodselected: 'completeShippingMethodSelection',
  shippingcontactselected: 'completeShippingContactSelection',
  couponcodechanged: 'completeCouponCodeChange',
} as const;

const AMOUNT = /^-?[0-9]+(\.[0-9]+)?$/;

/** The fake platform: what the test sets up, and what the code under test did to it. */
export const applePay = {
  sessions: [] as FakeApplePaySession[],
  misuses: [] as Misuse[],
  /** The highest version `supportsVersion` accepts. */
  maxVersion: 15,
  canMakePayments: true,
  /** The URL Safari sends with `validatemerchant`. */
  validationURL: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
  active: undefined as FakeApplePaySession | undefined,
  /** Told of every session's every change of state: the demo's sheet draws from it. */
  observe: undefined as ((session: FakeApplePaySession) => void) | undefined,

  reset() {
    this.sessions = [];
    this.misuses = [];
    this.maxVersion = 15;
    this.canMakePayments = true;
    this.validationURL = 'https://apple-pay-gateway.apple.com/paymentservices/startSession';
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

function misuse(method: string, name: 'InvalidAccessError' | 'TypeError', message: string): never {
  applePay.misuses.push({ method, error: `${name}: ${message}` });
  throw name === 'TypeError' ? new TypeError(message) : new DOMException(message, name);
}

function checkRequest(request: ApplePayJS.ApplePayPaymentRequest): void {
  const fail = (message: string): never => misuse('constructor', 'TypeError', message);
  if (!request || typeof request !== 'object') fail('Type error');
  for (const member of [
    'countryCode',
    'currencyCode',
    'supportedNetworks',
    'merchantCapabilities',
    'total',
  ] as const) {
    if (request[member] === undefined)
      fail(
        `Member ApplePayPaymentRequest.${member} is required and must be an instance of ${member}`,
      );
  }
  if (!/^[A-Z]{2}$/.test(request.countryCode))
    fail(`"${request.countryCode}" is not a valid country code.`);
  if (!/^[A-Z]{3}$/.test(request.currencyCode))
    fail(`"${request.currencyCode}" is not a valid currency code.`);
  if (!request.merchantCapabilities.length)
    fail('At least one merchant capability must be provided.');
  if (!request.supportedNetworks.length) fail('At least one supported network must be provided.');
  if (!request.total.label) fail('Missing total label.');
  for (const item of [request.total, ...(request.lineItems ?? [])]) {
    if (!AMOUNT.test(String(item.amount))) fail(`"${item.amount}" is not a valid amount.`);
  }
  if (Number(request.total.amount) < 0) fail('Total amount must not be negative.');
}

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
    return Number.isInteger(version) && version >= 1 && version <= applePay.maxVersion;
  }
  static canMakePayments(): boolean {
    return applePay.canMakePayments;
  }
  static canMakePaymentsWithActiveCard(): Promise<boolean> {
    return Promise.resolve(applePay.canMakePayments);
  }

  state: State = 'idle';
  awaitingValidation = false;
  /** The selection event the sheet waits to have answered, if any. */
  pendingSelection?: keyof typeof SELECTIONS;
  /** Every answer to a selection event, in order. */
  readonly selectionUpdates: { method: string; update: unknown }[] = [];
  merchantSession?: object;
  readonly completions: Result[] = [];
  onvalidatemerchant: ((event: Event) => void) | null = null;
  onpaymentauthorized: ((event: Event) => void) | null = null;
  onpaymentmethodselected: ((event: Event) => void) | null = null;
  onshippingmethodselected: ((event: Event) => void) | null = null;
  onshippingcontactselected: ((event: Event) => void) | null = null;
  oncouponcodechanged: ((event: Event) => void) | null = null;
  oncancel: ((event: Event) => void) | null = null;

  constructor(
    readonly version: number,
    readonly request: ApplePayJS.ApplePayPaymentRequest,
  ) {
    super();
    if (!isSecureContext)
      misuse(
        'constructor',
        'InvalidAccessError',
        'Trying to start an Apple Pay session from an insecure document.',
      );
    if (!inUserGesture())
      misuse(
        'constructor',
        'InvalidAccessError',
        'Must create a new ApplePaySession from a user gesture handler.',
      );
    if (!FakeApplePaySession.supportsVersion(version))
      misuse('constructor', 'TypeError', `"${version}" is not a supported version.`);
    checkRequest(request);
    this.request = structuredClone(request);
    applePay.sessions.push(this);
  }

  begin(): void {
    if (this.state !== 'idle')
      misuse('begin', 'InvalidAccessError', 'Payment session is already active.');
    if (applePay.active)
      misuse('begin', 'InvalidAccessError', 'Page already has an active payment session.');
    if (!inUserGesture())
      misuse('begin', 'InvalidAccessError', 'Must call begin() from a user gesture handler.');
    this.state = 'active';
    this.awaitingValidation = true;
    applePay.active = this;
    applePay.observe?.(this);
    // Safari asks for merchant validation asynchronously, in a later task.
    setTimeout(() => {
      if (this.state === 'active')
        this.#fire('validatemerchant', { validationURL: applePay.validationURL });
    });
  }

  completeMerchantValidation(merchantSession: unknown): void {
    if (this.state !== 'active' || !this.awaitingValidation) {
      misuse(
        'completeMerchantValidation',
        'InvalidAccessError',
        'Merchant validation is not pending.',
      );
    }
    if (typeof merchantSession !== 'object' || merchantSession === null) {
      misuse('completeMerchantValidation', 'TypeError', 'Type error');
    }
    this.awaitingValidation = false;
    this.merchantSession = merchantSession;
    applePay.observe?.(this);
  }

  completePayment(result: number | Result): void {
    if (this.state !== 'authorized')
      misuse('completePayment', 'InvalidAccessError', 'Payment is not authorized.');
    const outcome = typeof result === 'number' ? { status: result } : result;
    if (!Number.isInteger(outcome?.status) || outcome.status < 0 || outcome.status > 7) {
      misuse('completePayment', 'TypeError', 'Type error');
    }
    this.completions.push(outcome);
    // A failure with errors returns the sheet to the customer, who may fix them and authorise again.
    if (outcome.status !== 0 && outcome.errors?.length) this.state = 'active';
    else this.#finish('completed');
    applePay.observe?.(this);
  }

  completePaymentMethodSelection(update: unknown): void {
    this.#completeSelection('completePaymentMethodSelection', update);
  }
  completeShippingMethodSelection(update: unknown): void {
    this.#completeSelection('completeShippingMethodSelection', update);
  }
  completeShippingContactSelection(update: unknown): void {
    this.#completeSelection('completeShippingContactSelection', update);
  }
  completeCouponCodeChange(update: unknown): void {
    this.#completeSelection('completeCouponCodeChange', update);
  }

  #completeSelection(method: string, update: unknown): void {
    const pending = this.pendingSelection;
    if (this.state !== 'active' || !pending || SELECTIONS[pending] !== method) {
      misuse(method, 'InvalidAccessError', 'No matching selection is pending.');
    }
    // Version 3 and later take one update object; its total, when given, must be valid.
    const total = (update as { newTotal?: ApplePayJS.ApplePayLineItem } | null)?.newTotal;
    if (
      typeof update !== 'object' ||
      update === null ||
      (total && (!total.label || !AMOUNT.test(String(total.amount))))
    ) {
      misuse(method, 'TypeError', 'Type error');
    }
    this.pendingSelection = undefined;
    this.selectionUpdates.push({ method, update });
    applePay.observe?.(this);
  }

  abort(): void {
    if (this.state === 'completed' || this.state === 'aborted' || this.state === 'canceled') {
      misuse('abort', 'InvalidAccessError', 'The session is not active.');
    }
    this.#finish('aborted');
    applePay.observe?.(this);
  }

  // What the customer does on the sheet. Called by tests; a call in the wrong state is a bug in the test.

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

  /** The customer changes a card, shipping method, address or coupon code on the sheet. */
  select(event: keyof typeof SELECTIONS, properties: object): void {
    if (this.state !== 'active' || this.awaitingValidation || this.pendingSelection) {
      throw new Error(
        `cannot select on a session that is ${this.state} (pending: ${this.pendingSelection})`,
      );
    }
    this.pendingSelection = event;
    applePay.observe?.(this);
    this.#fire(event, properties);
  }

  /** The customer dismisses the sheet (or Safari times it out). */
  cancel(): void {
    if (this.state !== 'active' && this.state !== 'authorized')
      throw new Error(`cannot cancel a session that is ${this.state}`);
    this.#finish('canceled');
    applePay.observe?.(this);
    this.#fire('cancel', { sessionError: { code: 'unknown', info: {} } });
  }

  #finish(state: State): void {
    this.state = state;
    this.awaitingValidation = false;
    this.pendingSelection = undefined;
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

export function installApplePay(): void {
  Object.assign(globalThis, { ApplePaySession: FakeApplePaySession });
}

export function uninstallApplePay(): void {
  delete (globalThis as { ApplePaySession?: unknown }).ApplePaySession;
}
