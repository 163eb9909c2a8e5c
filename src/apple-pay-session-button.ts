// The element: its properties and attributes, its life in the page, `start()` and `abort()`. The jobs live in
// rooms of their own (docs/architecture.md): availability-controller.ts asks whether Apple Pay is usable here,
// payment-request.ts prepares what a click hands to Safari, payment-attempt.ts runs one ApplePaySession to its
// end, merchant-session.ts gets its merchant session, button-look.ts draws the button. This file only wires them.
import {
  ReactiveElement,
  type CSSResultGroup,
  type PropertyDeclarations,
  type PropertyValues,
} from '@lit/reactive-element';
import { styles } from './apple-pay-session-button.styles.js';
import { availabilityController } from './availability-controller.js';
import {
  drawButton,
  hasAppleButtonElement,
  hasNativeButton,
  type ApplePayButtonStyle,
  type ApplePayButtonType,
} from './button-look.js';
import {
  merchantSessionSource,
  type MerchantSessionSource,
  type MerchantValidationRequest,
  type SessionDetails,
} from './merchant-session.js';
import { beginPayment, pageBusy, type PaymentAttempt } from './payment-attempt.js';
import { checkRequest, prepareRequest } from './payment-request.js';

export type { MerchantValidationRequest, SessionDetails };

// A space or comma separated list; never reflected, so only read.
const list = (value: string | null) => value?.split(/[\s,]+/).filter(Boolean);

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
 * @fires apple-pay-cancel - The sheet was dismissed, or the page ended the session. `detail.authorized`: the shopper had authorised (ask your server before saying anything about the money).
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
    domainName: { attribute: 'domain-name' },
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
  /**
   * Apple's button type: `plain` (default), `buy`, `check-out`, `donate`, `set-up`, … `continue`, `pay`. A name
   * that is not one of them (from an untyped page) is drawn as `plain`.
   */
  declare buttonType: ApplePayButtonType;
  /** `black` (default), `white` or `white-outline`. */
  declare buttonStyle: ApplePayButtonStyle;
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
  /**
   * Milliseconds merchant validation may take, all of it (re-check, `sessionProvider`, Connect or
   * `merchantValidator`), before the session is aborted with code `timeout`; the same for each availability
   * look-up. Default 20000.
   */
  declare validationTimeout: number;
  /**
   * The domain Apple validates merchant sessions against; default, the top-level page's host (in a cross-origin
   * iframe, the embedding page's). Set it where the browser cannot tell, or for another registered name.
   */
  declare domainName?: string;
  declare disabled: boolean;
  /** The Server API's client session response, instead of the three attributes. */
  declare session?: SessionDetails;
  /** Merged over the request the attributes build: line items, contact fields, recurring payments… */
  declare paymentRequest?: Partial<ApplePayJS.ApplePayPaymentRequest>;
  /**
   * When set, called at every merchant validation for a fresh client session (once more after a 401/403).
   * Without `session` or the three attributes, look-ups use its first answer until one fails. A provider that
   * fails, or has not answered within `validation-timeout` (code `timeout`), keeps the button hidden with reason
   * `lookup-failed` and an `apple-pay-error` (stage `availability`). Setting another provider forgets the answer,
   * or the wait, of the one before.
   */
  declare sessionProvider?: () => Promise<SessionDetails>;
  /**
   * When set, merchant validation calls it instead of Connect's Client API, and completes with the Apple merchant
   * session object it resolves to: any Apple Pay backend (your server with Apple's merchant identity certificate,
   * Worldline Direct, another PSP). `validation-timeout` applies, `signal` aborts when the session ends, a failure
   * is one `apple-pay-error` (stage `merchant-validation`; code `merchant-validator`, or that of an
   * ApplePaySessionButtonError it throws). Without a Connect client session there is no product look-up: give
   * `supported-networks` (else Safari refuses the request: stage `configuration`, code `session-failed`).
   */
  declare merchantValidator?: (request: MerchantValidationRequest) => Promise<object>;

  private _attempt?: PaymentAttempt;
  private _button?: HTMLElement;
  private _availability = availabilityController(this, (type, detail) => this._emit(type, detail));

  constructor() {
    super();
    this.buttonType = 'plain';
    this.buttonStyle = 'black';
    this.paymentProductId = 302;
    this.validationTimeout = 20_000;
    this.disabled = false;
  }

  /** True once Apple Pay is known to be usable here; reflected as the `available` attribute. */
  get available(): boolean {
    return this._availability.answer?.available ?? false;
  }

  /** Apple's `applePayCapabilities` answer, where it was asked (see `merchantIdentifier`). */
  get credentialStatus(): ApplePayJS.PaymentCredentialStatus | undefined {
    return this._availability.answer?.credentialStatus;
  }

  /** True from `begin()` until the Apple Pay session ends; reflected as the `active` attribute. */
  get active(): boolean {
    return this._attempt !== undefined;
  }

  // Drawn again on every change, and when availability or the attempt changes: `available`, `active`.
  protected override update(changed: PropertyValues): void {
    super.update(changed);
    this.toggleAttribute('available', this.available);
    this.toggleAttribute('active', this.active);
    this._button = drawButton(this.renderRoot, this._button, this, () => this.start());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate(); // the nearest `lang` may be another after a move
    addEventListener('pagehide', this._onPage);
    addEventListener('pageshow', this._onPage);
    this._availability.schedule();
    if (!hasNativeButton() && !hasAppleButtonElement()) {
      // Apple's JS SDK may run after us (async): when its <apple-pay-button> and ApplePaySession arrive, draw it
      // and ask again. A WeakRef: a removed element must not be kept alive by a definition that may never come.
      const self = new WeakRef(this);
      customElements.whenDefined('apple-pay-button').then(() => {
        const element = self.deref();
        element?.requestUpdate();
        element?._availability.schedule();
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pagehide', this._onPage);
    removeEventListener('pageshow', this._onPage);
    this._availability.stop();
    // A move is a disconnect and a connect in one task: only end the session if the element stays out.
    queueMicrotask(() => {
      if (!this.isConnected) this.abort();
    });
  }

  override willUpdate(changed: PropertyValues): void {
    this._availability.changed(changed.keys());
  }

  /**
   * Starts Apple Pay, as a click does. Call it only from a user gesture handler (Safari's rule).
   * Does nothing while disabled or while any Apple Pay session on the page is active.
   */
  start(): void {
    // Not while hidden: Apple Pay is not usable, there is no client session yet, or Connect does not offer it.
    if (this.disabled || pageBusy() || !this.available) return;
    const availability = this._availability;
    let source: MerchantSessionSource, prepared: ReturnType<typeof prepareRequest>;
    try {
      source = merchantSessionSource(this, availability.lookupSession());
      prepared = prepareRequest(this, availability.answer?.networks);
    } catch (error) {
      return void this._error(error);
    }
    const { request, version } = prepared;
    // No networks yet (neither `supported-networks` nor Connect's): while Connect is being asked, a click does
    // nothing; otherwise Safari refuses the request, and says why.
    if (!request.supportedNetworks.length && availability.pending) return;
    if (!this._emit('apple-pay-start', { request }, true)) return;
    // No await from the click to begin(): Safari requires both to run inside the user gesture.
    try {
      checkRequest(request, version); // the start listener may have changed it
      this._attempt = beginPayment(version, request, {
        merchantSession: (validationURL, signal) =>
          availability.confirm(request, signal).then(() => source(validationURL, signal)),
        timeout: this.validationTimeout,
        emit: (type, detail) => this._emit(type, detail),
        ended: () => {
          this._attempt = undefined;
          this.requestUpdate();
        },
      });
    } catch (error) {
      return void this._error(error);
    }
    this.requestUpdate();
  }

  /** Ends the Apple Pay session, if any, and fires `apple-pay-cancel`. Safe in any state. */
  abort(): void {
    this._attempt?.abort();
  }

  // The back-forward cache: a page going in cannot keep its payment sheet, so the session ends cleanly; coming
  // back, time has passed (the client session may have expired, the basket's offer changed), so ask again.
  private _onPage = (event: PageTransitionEvent) =>
    event.persisted && (event.type === 'pagehide' ? this.abort() : this._availability.schedule());

  // A configuration error: reported at the click; the button stays shown, so the merchant sees it.
  private _error = (error: unknown) =>
    this._emit('apple-pay-error', { stage: 'configuration', error });

  private _emit(type: string, detail: object, cancelable = false): boolean {
    return this.dispatchEvent(
      new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }),
    );
  }
}
