import {
  ReactiveElement,
  type CSSResultGroup,
  type PropertyDeclarations,
  type PropertyValues,
} from '@lit/reactive-element';
import { styles } from './apple-pay-session-button.styles.js';
import {
  basketOf,
  checkAvailability,
  type Availability,
  type LookupSession,
} from './availability.js';
import { buttonName, buttonType, hasAppleButtonElement, hasNativeButton } from './button-look.js';
import {
  checkClientSession,
  clientMetaInfo,
  createMerchantSession,
  isObject,
  type ClientSession,
  type RequestOptions,
} from './connect-client.js';
import { ApplePaySessionButtonError, configurationError } from './errors.js';
import type {
  ApplePayAuthorizedDetail,
  ApplePayErrorStage,
  ApplePaySessionError,
  AuthorizationResult,
  SelectionUpdate,
} from './events.js';
import {
  buildPaymentRequest,
  totalInMinorUnits,
  chooseVersion,
  fitToVersion,
} from './payment-request.js';
import { isAppleValidationUrl } from './validation-url.js';

/** The Server API's client session answer, or the part of it this element needs. */
export type SessionDetails = ClientSession;

/** What `merchantValidator` is given to get an Apple merchant session. */
export interface MerchantValidationRequest {
  /** `event.validationURL` from Safari, unchanged (checked to be on one of Apple's gateways). */
  validationURL: string;
  /** The page's host name, `location.hostname`. */
  domainName: string;
  /** `display-name`, as checked at the click. */
  displayName: string;
  /** Aborted when the session ends first: cancelled, timed out (`validation-timeout`), aborted, element removed. */
  signal: AbortSignal;
}

/** One Apple Pay session, from `begin()` to its end. A new one, with a new merchant session, every click. */
interface Attempt {
  session: ApplePaySession;
  /** Aborts the Client API request in flight when the attempt ends. */
  requests: AbortController;
  stage: ApplePayErrorStage;
  /** As checked at the click: a later change of the attribute does not reach this session. */
  displayName: string;
  /** As it was given to Safari: the basket Connect must have offered the product for. */
  request: ApplePayJS.ApplePayPaymentRequest;
  /** What the sheet shows now: the answer when a selection event goes unanswered. */
  totals: { newTotal: ApplePayJS.ApplePayLineItem; newLineItems?: ApplePayJS.ApplePayLineItem[] };
}

// Safari allows one active payment session per page; a click on a second button while one is open does nothing.
let pageAttempt: Attempt | undefined;

const MAX_DISPLAY_NAME = 64;
const DEFAULT_TIMEOUT = 20_000;
/** Typing an amount should cost one product look-up, not one per keystroke. */
const AVAILABILITY_DEBOUNCE = 150;
const AVAILABILITY_INPUTS = new Set<PropertyKey>([
  'clientSessionId',
  'customerId',
  'clientApiUrl',
  'session',
  'countryCode',
  'currencyCode',
  'amount',
  'paymentRequest',
  'paymentProductId',
  'locale',
  'merchantIdentifier',
  'sessionProvider',
  'merchantValidator',
]);

// Safari's selection events, the element's event for each, the detail it copies and Safari's answer method.
const SELECTIONS = [
  [
    'paymentmethodselected',
    'payment-method-selected',
    'paymentMethod',
    'completePaymentMethodSelection',
  ],
  [
    'shippingmethodselected',
    'shipping-method-selected',
    'shippingMethod',
    'completeShippingMethodSelection',
  ],
  [
    'shippingcontactselected',
    'shipping-contact-selected',
    'shippingContact',
    'completeShippingContactSelection',
  ],
  ['couponcodechanged', 'coupon-code-changed', 'couponCode', 'completeCouponCodeChange'],
] as const;

const list = {
  fromAttribute: (value: string | null) => value?.split(/[\s,]+/).filter(Boolean),
  toAttribute: (value?: string[]) => value?.join(' '),
};

/**
 * Apple Pay through the Worldline/Ingenico Connect platform.
 *
 * @tag apple-pay-session-button
 * @fires apple-pay-availability - Availability became known or changed: `detail.available`, `detail.reason`.
 * @fires apple-pay-start - Before the session is created; cancelable. `detail.request` may be changed in place.
 * @fires apple-pay-merchant-validated - Safari accepted the merchant session.
 * @fires apple-pay-payment-method-selected - The customer chose a card; answer with `detail.complete(update)`.
 * @fires apple-pay-shipping-method-selected - The customer chose a shipping method; answer with `detail.complete(update)`.
 * @fires apple-pay-shipping-contact-selected - The customer chose an address; answer with `detail.complete(update)`.
 * @fires apple-pay-coupon-code-changed - The customer entered a coupon code; answer with `detail.complete(update)`.
 * @fires apple-pay-authorized - The customer authorised the payment: charge `detail.payment.token`, then call `detail.complete()`.
 * @fires apple-pay-cancel - The sheet was dismissed, or the session was aborted by the page.
 * @fires apple-pay-error - Anything failed: `detail.stage` and `detail.error` (an ApplePaySessionButtonError).
 * @csspart button - The button.
 * @cssprop --apple-pay-session-button-width - Width (default 240px).
 * @cssprop --apple-pay-session-button-height - Height (default 44px).
 * @cssprop --apple-pay-session-button-border-radius - Corner radius (default 6px).
 * @cssprop --apple-pay-session-button-padding - Padding (default 0 12px).
 * @cssprop --apple-pay-session-button-box-sizing - Box sizing (default border-box).
 */
export class ApplePaySessionButton extends ReactiveElement {
  /** Registers the element under `tagName`; a no-op when that name is already defined. */
  static define(tagName = 'apple-pay-session-button'): void {
    if (!customElements.get(tagName)) customElements.define(tagName, this);
  }

  // Typed here, or the .d.ts names the type's module as `lit`, which users need not have.
  static override styles: CSSResultGroup = styles;
  // `el.focus()` and a click on the host's padding reach the button, as on a native control. Typed as the DOM
  // lib's own ShadowRootInit: an inferred type would spell out this lib's fields, which other TS libs lack.
  static override shadowRootOptions: ShadowRootInit = {
    ...ReactiveElement.shadowRootOptions,
    delegatesFocus: true,
  };

  static override properties: PropertyDeclarations = {
    clientSessionId: { attribute: 'client-session-id' },
    customerId: { attribute: 'customer-id' },
    clientApiUrl: { attribute: 'client-api-url' },
    displayName: { attribute: 'display-name' },
    countryCode: { attribute: 'country-code' },
    currencyCode: { attribute: 'currency-code' },
    amount: {},
    totalLabel: { attribute: 'total-label' },
    supportedNetworks: { attribute: 'supported-networks', converter: list },
    merchantCapabilities: { attribute: 'merchant-capabilities', converter: list },
    buttonType: { attribute: 'button-type', reflect: true },
    buttonStyle: { attribute: 'button-style' },
    locale: {},
    merchantIdentifier: { attribute: 'merchant-identifier' },
    paymentProductId: { attribute: 'payment-product-id', type: Number },
    version: { type: Number },
    validationTimeout: { attribute: 'validation-timeout', type: Number },
    disabled: { type: Boolean, reflect: true },
    session: { attribute: false },
    paymentRequest: { attribute: false },
    sessionProvider: { attribute: false },
    merchantValidator: { attribute: false },
  };

  /** Connect client session id, from the Server API's `POST /v1/{merchantId}/sessions`. Never logged. */
  declare clientSessionId?: string;
  /** Connect customer id of that client session. */
  declare customerId?: string;
  /** Connect Client API base URL, e.g. `https://ams1.preprod.api-ingenico.com/client/v1`. */
  declare clientApiUrl?: string;
  /** The merchant name on the Apple Pay sheet; required; at most 64 characters. */
  declare displayName?: string;
  /** ISO 3166-1 alpha-2 merchant country. */
  declare countryCode?: string;
  /** ISO 4217 currency. */
  declare currencyCode?: string;
  /** The total in major units, as Apple writes it: `"12.50"` (EUR), `"1250"` (JPY). */
  declare amount?: string;
  /** Label of the total line; defaults to the display name. */
  declare totalLabel?: string;
  /**
   * Card networks in Apple's names, e.g. `["visa", "masterCard"]`; the attribute takes a space or comma separated
   * list. When absent, the networks Connect offers for payment product 302.
   */
  declare supportedNetworks?: string[];
  /** Default `["supports3DS"]`. */
  declare merchantCapabilities?: string[];
  /** Apple's button type: `plain` (default), `buy`, `check-out`, `donate`, `set-up`, … `continue`, `pay`. */
  declare buttonType: string;
  /** `black` (default), `white` or `white-outline`. */
  declare buttonStyle: 'black' | 'white' | 'white-outline';
  /** The button's language (BCP 47); default: the nearest `lang`. Also sent to Connect's product look-up. */
  declare locale?: string;
  /**
   * Your Apple merchant identifier. Where the browser has `ApplePaySession.applePayCapabilities` (Safari 18+,
   * Apple's JS SDK), it is asked instead of `canMakePayments()`, and its answer is `credentialStatus`.
   */
  declare merchantIdentifier?: string;
  /** Connect payment product id; default 302 (Apple Pay). */
  declare paymentProductId: number;
  /** Pins an Apple Pay JS version; default: the highest the browser supports, up to 15. */
  declare version?: number;
  /** Milliseconds a Connect call or `merchantValidator` may take before it fails (the session is then aborted); default 20000. */
  declare validationTimeout: number;
  declare disabled: boolean;
  /** The Server API's client session response, instead of the three attributes. */
  declare session?: SessionDetails;
  /** Merged over the request the attributes build: line items, contact fields, recurring payments… */
  declare paymentRequest?: Partial<ApplePayJS.ApplePayPaymentRequest>;
  /**
   * When set, called at every merchant validation for a fresh client session (and once more after a 401/403).
   * Without `session` or the three attributes, availability calls it too, once, for the product look-up, and keeps
   * that client session for later look-ups (a change of basket); after a failed look-up it asks again, once.
   * Until it has answered and Connect has offered Apple Pay, the button stays hidden; if it keeps failing, the
   * button stays hidden with reason `lookup-failed` and an `apple-pay-error` (stage `availability`).
   */
  declare sessionProvider?: () => Promise<SessionDetails>;
  /**
   * When set, merchant validation calls it instead of the Connect Client API and passes what it resolves to (the
   * Apple merchant session object) to `completeMerchantValidation`: for any Apple Pay backend (your own server
   * with Apple's merchant identity certificate, Worldline Direct through your server, another PSP). The Connect
   * path's guarantees hold: `validation-timeout`, `signal` aborted when the session ends, never completed after a
   * cancel, one `apple-pay-error` with stage `merchant-validation` and code `merchant-validator` (or the `code`
   * of an ApplePaySessionButtonError it throws). Without a Connect client session (`session`, the attributes or
   * `sessionProvider`) there is no product look-up: `supported-networks` is then required (Safari refuses a
   * request without networks: stage `configuration`, code `session-failed`).
   */
  declare merchantValidator?: (request: MerchantValidationRequest) => Promise<object>;

  private _attempt?: Attempt;
  private _button?: HTMLElement;
  private _offer?: Availability;
  private _timer?: ReturnType<typeof setTimeout>;
  private _lookups?: AbortController;
  /** The client session `sessionProvider` gave for look-ups, kept for the next ones. */
  private _provided?: Promise<ClientSession>;

  constructor() {
    super();
    this.buttonType = 'plain';
    this.buttonStyle = 'black';
    this.paymentProductId = 302;
    this.validationTimeout = DEFAULT_TIMEOUT;
    this.disabled = false;
  }

  /** True once Apple Pay is known to be usable here; reflected as the `available` attribute. */
  get available(): boolean {
    return this._offer?.available ?? false;
  }

  /** Apple's `applePayCapabilities` answer, where it was asked (see `merchantIdentifier`). */
  get credentialStatus(): ApplePayJS.PaymentCredentialStatus | undefined {
    return this._offer?.credentialStatus;
  }

  /** True from `begin()` until the Apple Pay session ends; reflected as the `active` attribute. */
  get active(): boolean {
    return this._attempt !== undefined;
  }

  protected override update(changed: PropertyValues): void {
    super.update(changed);
    this._draw();
  }

  /**
   * Draws the button by hand (no template library: every byte here is paid on every checkout page).
   * Where WebKit draws Apple Pay buttons, a `<button>` with Apple's appearance; in a third-party browser, Apple's
   * JS SDK `<apple-pay-button>`; elsewhere (only a test or a simulator has Apple Pay there) a look-alike
   * `<button>` with the words. The click is ours in every case, so the session starts in the gesture.
   */
  private _draw(): void {
    const type = buttonType(this.buttonType);
    const name = buttonName(type);
    const lang = this.locale || this.closest<HTMLElement>('[lang]')?.lang || undefined;
    const native = hasNativeButton();
    const tag = !native && hasAppleButtonElement() ? 'apple-pay-button' : 'button';
    let button = this._button;
    if (button?.localName !== tag) {
      button?.remove();
      button = this._button = document.createElement(tag);
      button.setAttribute('part', 'button');
      button.addEventListener('click', () => this.start());
      this.renderRoot.append(button);
    }
    const attributes =
      tag === 'button'
        ? {
            type: 'button',
            class: native ? 'native' : 'lookalike',
            'data-type': type,
            'data-style': this.buttonStyle,
            lang,
            'aria-label': native && name,
            'aria-busy': `${this.active}`,
            disabled: this.disabled && '',
          }
        : {
            buttonstyle: this.buttonStyle,
            type,
            locale: lang,
            'aria-disabled': `${this.disabled}`,
          };
    // A string sets the attribute; false or undefined removes it.
    for (const [attribute, value] of Object.entries(attributes)) {
      if (typeof value === 'string') button.setAttribute(attribute, value);
      else button.removeAttribute(attribute);
    }
    if (tag === 'button') button.textContent = native ? '' : name;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('pagehide', this._onPageHide);
    addEventListener('pageshow', this._onPageShow);
    this._recheck();
    if (!hasNativeButton() && !hasAppleButtonElement()) {
      // Apple's JS SDK may run after us (an async script): when its <apple-pay-button> arrives, draw it and ask
      // again (its ApplePaySession came with it). A WeakRef: a removed element must not be kept alive by a
      // definition that may never come.
      const self = new WeakRef(this);
      customElements.whenDefined('apple-pay-button').then(() => {
        const element = self.deref();
        if (element) element._onSdk();
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pagehide', this._onPageHide);
    removeEventListener('pageshow', this._onPageShow);
    clearTimeout(this._timer);
    this._lookups?.abort();
    this._lookups = undefined;
    // A move is a disconnect and a connect in one task: only end the session if the element stays out.
    queueMicrotask(() => {
      if (!this.isConnected) this.abort();
    });
  }

  override willUpdate(changed: PropertyValues): void {
    if ([...changed.keys()].some((key) => AVAILABILITY_INPUTS.has(key))) this._recheck();
  }

  /**
   * Starts Apple Pay, as a click does. Call it only from a user gesture handler (Safari's rule).
   * Does nothing while disabled or while any Apple Pay session on the page is active.
   */
  start(): void {
    // Not while hidden: Apple Pay is not usable, there is no client session yet, or Connect does not offer it.
    if (this.disabled || pageAttempt || !this.available) return;
    let version: number;
    let request: ApplePayJS.ApplePayPaymentRequest;
    try {
      this._checkConfig();
      request = buildPaymentRequest(this, this._offer?.networks);
      // No networks yet (neither `supported-networks` nor Connect's): while Connect is being asked, a click does
      // nothing; otherwise Safari refuses the request, and says why.
      if (!request.supportedNetworks.length && this._timer) return;
      totalInMinorUnits(request);
      version = chooseVersion(this.version, (v) => ApplePaySession.supportsVersion(v));
      fitToVersion(request, version);
    } catch (error) {
      return this._report('configuration', error);
    }
    if (!this._emit('apple-pay-start', { request }, true)) return;
    try {
      // The start listener may have changed the request.
      totalInMinorUnits(request);
      fitToVersion(request, version);
    } catch (error) {
      return this._report('configuration', error);
    }

    // No await from the click to begin(): Safari requires both to run inside the user gesture.
    let session: ApplePaySession;
    try {
      session = new ApplePaySession(version, request);
    } catch (cause) {
      return this._report('configuration', sessionFailed(cause));
    }
    const attempt: Attempt = {
      session,
      requests: new AbortController(),
      stage: 'merchant-validation',
      displayName: this.displayName ?? '',
      request,
      totals: { newTotal: request.total, newLineItems: request.lineItems },
    };
    session.onvalidatemerchant = (event) => this._validateMerchant(attempt, event.validationURL);
    session.onpaymentauthorized = (event) => this._authorize(attempt, event.payment);
    session.oncancel = (event) => {
      if (!this._end(attempt)) return;
      const { sessionError } = event as ApplePayJS.Event & { sessionError?: ApplePaySessionError };
      this._emit('apple-pay-cancel', sessionError ? { sessionError } : {});
    };
    for (const [safariEvent, ourEvent, field, answer] of SELECTIONS) {
      session[`on${safariEvent}`] = (event: ApplePayJS.Event) =>
        this._select(attempt, ourEvent, { [field]: event[field as keyof typeof event] }, answer);
    }
    try {
      session.begin();
    } catch (cause) {
      return this._report('configuration', sessionFailed(cause));
    }
    this._attempt = pageAttempt = attempt;
    this._setActive(true);
  }

  /** Ends the Apple Pay session, if any, and fires `apple-pay-cancel`. Safe in any state. */
  abort(): void {
    const attempt = this._attempt;
    if (attempt && this._end(attempt, true)) this._emit('apple-pay-cancel', {});
  }

  private _onSdk() {
    this.requestUpdate();
    this._recheck();
  }
  // A page going into the back-forward cache cannot keep its payment sheet: end the session cleanly.
  private _onPageHide = (event: PageTransitionEvent) => event.persisted && this.abort();
  // Coming back, time has passed: the client session may have expired, the basket's offer changed.
  private _onPageShow = (event: PageTransitionEvent) => event.persisted && this._recheck();

  private _checkConfig(): void {
    const name = this.displayName ?? '';
    if (!name.trim()) throw configurationError('display-name is required');
    if ([...name].length > MAX_DISPLAY_NAME) {
      throw configurationError(`display-name must be at most ${MAX_DISPLAY_NAME} characters`);
    }
    if (!(this.validationTimeout > 0))
      throw configurationError('validation-timeout must be a positive number');
    if (!Number.isInteger(this.paymentProductId) || this.paymentProductId < 1) {
      throw configurationError('payment-product-id must be a positive integer');
    }
    // Without a client session (`merchantValidator`) there are no networks from Connect: Safari refuses a request
    // without `supported-networks`, after `apple-pay-start`, whose listener may still add them.
    const session = this._sessionFor();
    if (session !== null && typeof session !== 'function') checkClientSession(session);
  }

  /**
   * The client session look-ups ask Connect with (see {@link LookupSession}): `session`, or the attributes (a partial
   * set is a configuration error), or else `sessionProvider`'s.
   */
  private _sessionFor(): LookupSession {
    const { clientSessionId, customerId, clientApiUrl } = this;
    return (
      this.session ??
      (clientSessionId || customerId || clientApiUrl
        ? { clientSessionId, customerId, clientApiUrl }
        : this.sessionProvider
          ? this._provide
          : this.merchantValidator && null)
    );
  }

  /** Look-ups' client session from `sessionProvider`: asked once, and again (`renew`) after a failed look-up. */
  private _provide = (renew?: boolean): Promise<ClientSession> =>
    (!renew && this._provided) ||
    (this._provided = (this.sessionProvider as () => Promise<SessionDetails>)().then(
      checkClientSession,
    ));

  private _options(signal: AbortSignal): RequestOptions {
    return {
      metaInfo: clientMetaInfo(innerWidth, innerHeight, navigator.userAgent),
      signal,
      timeout: this.validationTimeout,
    };
  }

  private _recheck(): void {
    clearTimeout(this._timer);
    // While hidden (no answer yet, no client session, not offered) as soon as possible; a shown button's changes
    // debounced.
    const delay = this.available ? AVAILABILITY_DEBOUNCE : 0;
    this._timer = setTimeout(() => this._lookUp(), delay);
  }

  private async _lookUp(): Promise<void> {
    if (!this.isConnected) return;
    this._lookups?.abort();
    const lookups = (this._lookups = new AbortController());
    let availability: Availability;
    try {
      availability = await checkAvailability(
        this,
        this._sessionFor(),
        buildPaymentRequest(this),
        this._options(lookups.signal),
      );
    } catch {
      return; // replaced by a newer check
    }
    if (lookups !== this._lookups) return; // a stale answer never wins
    this._timer = undefined; // no check pending
    const { available, reason, credentialStatus, error } = availability;
    const previous = this._offer;
    this._offer = availability;
    this.toggleAttribute('available', available);
    if (
      available !== previous?.available ||
      reason !== previous.reason ||
      credentialStatus !== previous.credentialStatus
    ) {
      this._emit('apple-pay-availability', {
        available,
        ...(reason && { reason }),
        ...(credentialStatus && { credentialStatus }),
      });
    }
    if (error) this._report('availability', error);
  }

  private async _validateMerchant(attempt: Attempt, validationURL: string): Promise<void> {
    if (this._attempt !== attempt) return;
    try {
      if (!isAppleValidationUrl(validationURL)) {
        throw new ApplePaySessionButtonError(
          'invalid-validation-url',
          'The validation URL is not Apple’s',
        );
      }
      // A click never pays for a basket Connect was not asked about: unless the last answer offered the product
      // for this attempt's basket (a click during a re-check after a change of country, currency or amount, or
      // after `apple-pay-start` changed them), ask Connect now, before a merchant session is made for it.
      const session = this._sessionFor();
      const basket = basketOf(session, attempt.request, this.paymentProductId);
      // Only an answer that offered the product names its basket.
      if (basket && this._offer?.basket !== basket) {
        const { available, error } = await checkAvailability(
          this,
          session,
          attempt.request,
          this._options(attempt.requests.signal),
        );
        if (!available)
          throw error ?? new ApplePaySessionButtonError('not-offered', 'Connect does not offer it');
      }
      const merchantSession = await this._merchantSession(attempt, validationURL);
      // Reached only where fetch ignores AbortSignal, or a merchantValidator its signal: a cancelled session
      // must not be completed.
      if (this._attempt !== attempt) return;
      try {
        attempt.session.completeMerchantValidation(merchantSession);
      } catch (cause) {
        throw sessionFailed(cause);
      }
      this._emit('apple-pay-merchant-validated', {});
    } catch (error) {
      if (this._attempt === attempt) this._report('merchant-validation', error, attempt);
    }
  }

  /** A fresh Apple merchant session: from `merchantValidator`, or from the Connect Client API. */
  private async _merchantSession(attempt: Attempt, validationURL: string): Promise<object> {
    const { displayName, requests } = attempt;
    const domainName = location.hostname;
    const validator = this.merchantValidator;
    if (validator) {
      const merchantSession = await new Promise((resolve, reject) => {
        setTimeout(
          reject,
          this.validationTimeout,
          new ApplePaySessionButtonError('timeout', 'merchantValidator timed out'),
        );
        // Inside the executor: a validator that throws at once rejects as well.
        validator({ validationURL, domainName, displayName, signal: requests.signal }).then(
          resolve,
          reject,
        );
      });
      if (isObject(merchantSession)) return merchantSession;
      throw merchantSession; // not a merchant session: reported as what the validator failed with
    }
    const provider = this.sessionProvider;
    const requestFor = (session: ClientSession) =>
      createMerchantSession(
        session,
        this.paymentProductId,
        { displayName, domainName, validationUrl: validationURL },
        this._options(requests.signal),
      );
    const clientSession = provider
      ? checkClientSession(await provider())
      : (this._sessionFor() as ClientSession);
    try {
      return await requestFor(clientSession);
    } catch (error) {
      // Client sessions expire after 2 hours: with a provider, one retry with a fresh one.
      const status = (error as ApplePaySessionButtonError).status;
      if (!provider || (status !== 401 && status !== 403) || this._attempt !== attempt) throw error;
      return requestFor(checkClientSession(await provider()));
    }
  }

  /** A selection on the sheet: the merchant may answer with new totals; unanswered, the sheet keeps its totals. */
  private _select(
    attempt: Attempt,
    type: string,
    detail: object,
    answer: (typeof SELECTIONS)[number][3],
  ): void {
    if (this._attempt !== attempt) return;
    let update: Promise<SelectionUpdate> | undefined;
    this._emit(`apple-pay-${type}`, {
      ...detail,
      complete: (value: SelectionUpdate | PromiseLike<SelectionUpdate>) => {
        update ??= Promise.resolve(value);
      },
    });
    const send = (value: SelectionUpdate) => {
      if (this._attempt !== attempt) return;
      const complete = (u: SelectionUpdate) =>
        (attempt.session[answer] as (u: SelectionUpdate) => void)(u);
      try {
        complete(value);
        if (value.newTotal)
          attempt.totals = { newTotal: value.newTotal, newLineItems: value.newLineItems };
      } catch {
        // Safari refused the merchant's update (a malformed total, say): keep the sheet's totals instead.
        try {
          complete(attempt.totals);
        } catch (cause) {
          this._report(attempt.stage, sessionFailed(cause), attempt);
        }
      }
    };
    if (!update) return send(attempt.totals);
    update.then(
      (value) => send(value && typeof value === 'object' ? value : attempt.totals),
      () => send(attempt.totals),
    );
  }

  private _authorize(attempt: Attempt, payment: ApplePayJS.ApplePayPayment): void {
    if (this._attempt !== attempt) return;
    attempt.stage = 'authorization';
    let answer: Promise<AuthorizationResult> | undefined;
    const detail: ApplePayAuthorizedDetail = {
      payment,
      complete: (result) => {
        answer ??= Promise.resolve(result);
      },
    };
    this._emit('apple-pay-authorized', detail);
    const fail = (message: string, cause?: unknown) => {
      if (this._attempt !== attempt) return;
      this._completePayment(attempt, { status: ApplePaySession.STATUS_FAILURE });
      this._report(
        'authorization',
        new ApplePaySessionButtonError('unhandled-authorization', message, { cause }),
      );
    };
    if (!answer) return fail('complete() was not called');
    answer.then(
      (result) => {
        if (this._attempt !== attempt) return;
        const outcome = typeof result === 'number' ? { status: result } : result;
        if (!isAuthorizationResult(outcome)) return fail('complete() got no status');
        this._completePayment(attempt, outcome);
      },
      (cause) => fail('complete() got a rejected Promise', cause),
    );
  }

  private _completePayment(
    attempt: Attempt,
    result: ApplePayJS.ApplePayPaymentAuthorizationResult,
  ): void {
    try {
      attempt.session.completePayment(result);
    } catch (cause) {
      this._end(attempt, true);
      this._report('authorization', sessionFailed(cause));
      return;
    }
    // Safari keeps the sheet open for a result that names errors, for statuses 2–4 (each names one) and for
    // the PIN statuses: the customer may fix it and authorise again. Only a bare success or failure is final.
    if (result.status <= ApplePaySession.STATUS_FAILURE && !result.errors?.length)
      this._end(attempt);
  }

  /** Forgets the attempt (aborting it in Safari when asked); false if it had already ended. */
  private _end(attempt: Attempt, abortSession = false): boolean {
    if (this._attempt !== attempt) return false;
    this._attempt = undefined;
    if (pageAttempt === attempt) pageAttempt = undefined;
    attempt.requests.abort();
    const { session } = attempt;
    session.onvalidatemerchant = session.onpaymentauthorized = session.oncancel = noop;
    for (const [safariEvent] of SELECTIONS) session[`on${safariEvent}`] = noop;
    if (abortSession) {
      try {
        session.abort();
      } catch {
        // Already completed or cancelled in Safari: nothing left to end.
      }
    }
    this._setActive(false);
    return true;
  }

  /** Fires `apple-pay-error`; ends the attempt first, so that the sheet never hangs on a failure. */
  private _report(stage: ApplePayErrorStage, error: unknown, attempt?: Attempt): void {
    if (attempt) this._end(attempt, true);
    // Every failure of ours is typed: anything else was thrown by a function of the merchant's during merchant
    // validation (merchantValidator, sessionProvider). Its words, perhaps its server's, stay in `cause`, for logs.
    const known =
      error instanceof ApplePaySessionButtonError
        ? error
        : new ApplePaySessionButtonError('merchant-validator', 'Apple Pay failed unexpectedly', {
            cause: error,
          });
    this._emit('apple-pay-error', { stage, error: known });
  }

  private _setActive(active: boolean): void {
    this.toggleAttribute('active', active);
    this.requestUpdate();
  }

  private _emit(type: string, detail: object, cancelable = false): boolean {
    return this.dispatchEvent(
      new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }),
    );
  }
}

function noop() {}

/** Safari's message (e.g. "At least one supported network must be provided.") is the useful part. */
function sessionFailed(cause: unknown) {
  return new ApplePaySessionButtonError(
    'session-failed',
    `Safari refused the Apple Pay session: ${cause}`,
    { cause },
  );
}

function isAuthorizationResult(
  value: unknown,
): value is ApplePayJS.ApplePayPaymentAuthorizationResult {
  const status = (value as { status?: unknown } | null)?.status;
  return Number.isInteger(status) && (status as number) >= 0 && (status as number) <= 7;
}
