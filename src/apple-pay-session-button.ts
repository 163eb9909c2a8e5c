import { LitElement, html, type PropertyDeclarations } from 'lit';
import { styles } from './apple-pay-session-button.styles.js';
import {
  clientApiBaseUrl,
  clientMetaInfo,
  createMerchantSession,
  type ClientSession,
} from './connect-client.js';
import { ApplePaySessionButtonError, configurationError } from './errors.js';
import type {
  ApplePayAuthorizedDetail,
  ApplePayErrorStage,
  AuthorizationResult,
  ApplePaySessionError,
} from './events.js';
import { buildPaymentRequest, chooseVersion, validatePaymentRequest } from './payment-request.js';
import { isAppleValidationUrl } from './validation-url.js';

/** The Server API's client session answer, or the part of it this element needs. */
export type SessionDetails = ClientSession;

/** One Apple Pay session, from `begin()` to its end. A new one, with a new merchant session, every click. */
interface Attempt {
  session: ApplePaySession;
  /** Aborts the Client API request in flight when the attempt ends. */
  requests: AbortController;
  stage: ApplePayErrorStage;
  /** As checked at the click: a later change of the attribute does not reach this session. */
  displayName: string;
}

// Safari allows one active payment session per page; a click on a second button while one is open does nothing.
let pageAttempt: Attempt | undefined;

const MAX_DISPLAY_NAME = 64;
const DEFAULT_TIMEOUT = 20_000;

const list = {
  fromAttribute: (value: string | null) => value?.split(/[\s,]+/).filter(Boolean),
  toAttribute: (value?: string[]) => value?.join(' '),
};

/**
 * Apple Pay through the Worldline/Ingenico Connect platform.
 *
 * @fires apple-pay-start - Before the session is created; cancelable. `detail.request` may be changed in place.
 * @fires apple-pay-merchant-validated - Safari accepted the merchant session.
 * @fires apple-pay-authorized - The customer authorised the payment: charge `detail.payment.token`, then call `detail.complete()`.
 * @fires apple-pay-cancel - The sheet was dismissed, or the session was aborted by the page.
 * @fires apple-pay-error - Anything failed: `detail.stage` and `detail.error` (an ApplePaySessionButtonError).
 * @csspart button - The button.
 * @cssprop --apple-pay-session-button-width - Width (default 240px).
 * @cssprop --apple-pay-session-button-height - Height (default 44px).
 * @cssprop --apple-pay-session-button-border-radius - Corner radius.
 * @cssprop --apple-pay-session-button-padding - Padding.
 * @cssprop --apple-pay-session-button-box-sizing - Box sizing.
 */
export class ApplePaySessionButton extends LitElement {
  /** Registers the element under `tagName`; a no-op when that name is already defined. */
  static define(tagName = 'apple-pay-session-button'): void {
    if (!customElements.get(tagName)) customElements.define(tagName, this);
  }

  static override styles = styles;

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
    paymentProductId: { attribute: 'payment-product-id', type: Number },
    version: { type: Number },
    validationTimeout: { attribute: 'validation-timeout', type: Number },
    disabled: { type: Boolean, reflect: true },
    session: { attribute: false },
    paymentRequest: { attribute: false },
    sessionProvider: { attribute: false },
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
  /** The total in major units, as Apple writes it: `"12.50"`. */
  declare amount?: string;
  /** Label of the total line; defaults to the display name. */
  declare totalLabel?: string;
  /** Card networks, e.g. `["visa", "masterCard"]`; the attribute takes a space or comma separated list. */
  declare supportedNetworks?: string[];
  /** Default `["supports3DS"]`. */
  declare merchantCapabilities?: string[];
  /** Connect payment product id; default 302 (Apple Pay). */
  declare paymentProductId: number;
  /** Pins an Apple Pay JS version; default: the highest the browser supports, up to 15. */
  declare version?: number;
  /** Milliseconds the merchant-validation call may take before the session is aborted; default 20000. */
  declare validationTimeout: number;
  declare disabled: boolean;
  /** The Server API's client session response, instead of the three attributes. */
  declare session?: SessionDetails;
  /** Merged over the request the attributes build: line items, contact fields, recurring payments… */
  declare paymentRequest?: Partial<ApplePayJS.ApplePayPaymentRequest>;
  /** When set, called at every merchant validation for a fresh client session. */
  declare sessionProvider?: () => Promise<SessionDetails>;

  #attempt?: Attempt;

  constructor() {
    super();
    this.paymentProductId = 302;
    this.validationTimeout = DEFAULT_TIMEOUT;
    this.disabled = false;
  }

  /** True from `begin()` until the Apple Pay session ends; reflected as the `active` attribute. */
  get active(): boolean {
    return this.#attempt !== undefined;
  }

  override render() {
    return html`<button
      part="button"
      type="button"
      ?disabled=${this.disabled}
      aria-busy=${this.active ? 'true' : 'false'}
      @click=${this.#onClick}
    >
      Apple Pay
    </button>`;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move is a disconnect and a connect in one task: only end the session if the element stays out.
    queueMicrotask(() => {
      if (!this.isConnected) this.abort();
    });
  }

  /**
   * Starts Apple Pay, as a click does. Call it only from a user gesture handler (Safari's rule).
   * Does nothing while disabled or while any Apple Pay session on the page is active.
   */
  start(): void {
    if (this.disabled || pageAttempt || typeof ApplePaySession === 'undefined') return;
    let version: number;
    let request: ApplePayJS.ApplePayPaymentRequest;
    try {
      this.#checkConfiguration();
      request = buildPaymentRequest(this);
      validatePaymentRequest(request);
      version = chooseVersion(this.version, (v) => ApplePaySession.supportsVersion(v));
    } catch (error) {
      return this.#report('configuration', error);
    }
    if (!this.#emit('apple-pay-start', { request }, true)) return;
    try {
      validatePaymentRequest(request); // the start listener may have changed it
    } catch (error) {
      return this.#report('configuration', error);
    }

    // No await from the click to begin(): Safari requires both to run inside the user gesture.
    let session: ApplePaySession;
    try {
      session = new ApplePaySession(version, request);
    } catch (cause) {
      return this.#report('configuration', sessionFailed(cause));
    }
    const attempt: Attempt = {
      session,
      requests: new AbortController(),
      stage: 'merchant-validation',
      displayName: this.displayName ?? '',
    };
    session.onvalidatemerchant = (event) => this.#validateMerchant(attempt, event.validationURL);
    session.onpaymentauthorized = (event) => this.#authorize(attempt, event.payment);
    session.oncancel = (event) => {
      if (!this.#end(attempt)) return;
      const { sessionError } = event as ApplePayJS.Event & { sessionError?: ApplePaySessionError };
      this.#emit('apple-pay-cancel', sessionError ? { sessionError } : {});
    };
    try {
      session.begin();
    } catch (cause) {
      return this.#report('configuration', sessionFailed(cause));
    }
    this.#attempt = pageAttempt = attempt;
    this.#setActive(true);
  }

  /** Ends the Apple Pay session, if any, and fires `apple-pay-cancel`. Safe in any state. */
  abort(): void {
    const attempt = this.#attempt;
    if (attempt && this.#end(attempt, true)) this.#emit('apple-pay-cancel', {});
  }

  #onClick = () => this.start();

  #checkConfiguration(): void {
    const name = this.displayName ?? '';
    if (!name.trim()) throw configurationError('display-name is required');
    if ([...name].length > MAX_DISPLAY_NAME) {
      throw configurationError(`display-name must be at most ${MAX_DISPLAY_NAME} characters`);
    }
    if (!(this.validationTimeout > 0))
      throw configurationError('validation-timeout must be a positive number');
    if (!Number.isInteger(this.paymentProductId) || this.paymentProductId < 1) {
      throw configurationError('payment-product-id must be a positive whole number');
    }
    if (!this.sessionProvider) checkClientSession(this.#clientSession());
  }

  #clientSession(): Partial<ClientSession> {
    return (
      this.session ?? {
        clientSessionId: this.clientSessionId,
        customerId: this.customerId,
        clientApiUrl: this.clientApiUrl,
      }
    );
  }

  async #validateMerchant(attempt: Attempt, validationURL: string): Promise<void> {
    if (this.#attempt !== attempt) return;
    try {
      if (!isAppleValidationUrl(validationURL)) {
        throw new ApplePaySessionButtonError(
          'invalid-validation-url',
          'The validation URL is not on an Apple Pay gateway',
        );
      }
      const clientSession = this.sessionProvider
        ? checkClientSession(await this.sessionProvider())
        : (this.#clientSession() as ClientSession);
      const merchantSession = await createMerchantSession(
        clientSession,
        this.paymentProductId,
        {
          displayName: attempt.displayName,
          domainName: location.hostname,
          validationUrl: validationURL,
        },
        {
          metaInfo: clientMetaInfo(innerWidth, innerHeight, navigator.userAgent),
          signal: attempt.requests.signal,
          timeout: this.validationTimeout,
        },
      );
      if (this.#attempt !== attempt) return;
      try {
        attempt.session.completeMerchantValidation(merchantSession);
      } catch (cause) {
        throw sessionFailed(cause);
      }
      this.#emit('apple-pay-merchant-validated', {});
    } catch (error) {
      if (this.#attempt === attempt) this.#report('merchant-validation', error, attempt);
    }
  }

  #authorize(attempt: Attempt, payment: ApplePayJS.ApplePayPayment): void {
    if (this.#attempt !== attempt) return;
    attempt.stage = 'authorization';
    let answer: Promise<AuthorizationResult> | undefined;
    const detail: ApplePayAuthorizedDetail = {
      payment,
      complete: (result) => {
        answer ??= Promise.resolve(result);
      },
    };
    this.#emit('apple-pay-authorized', detail);
    const fail = (message: string, cause?: unknown) => {
      if (this.#attempt !== attempt) return;
      this.#completePayment(attempt, { status: ApplePaySession.STATUS_FAILURE });
      this.#report(
        'authorization',
        new ApplePaySessionButtonError('unhandled-authorization', message, { cause }),
      );
    };
    if (!answer) return fail('Nobody called complete() on apple-pay-authorized');
    answer.then(
      (result) => {
        if (this.#attempt !== attempt) return;
        const outcome = typeof result === 'number' ? { status: result } : result;
        if (!isAuthorizationResult(outcome))
          return fail('complete() was given no authorization status');
        this.#completePayment(attempt, outcome);
      },
      (cause) => fail('The Promise given to complete() rejected', cause),
    );
  }

  #completePayment(attempt: Attempt, result: ApplePayJS.ApplePayPaymentAuthorizationResult): void {
    try {
      attempt.session.completePayment(result);
    } catch (cause) {
      this.#end(attempt, true);
      this.#report('authorization', sessionFailed(cause));
      return;
    }
    // A failure that names its errors lets the customer fix them and authorise again; anything else is final.
    if (result.status === ApplePaySession.STATUS_SUCCESS || !result.errors?.length)
      this.#end(attempt);
  }

  /** Forgets the attempt (aborting it in Safari when asked); false if it had already ended. */
  #end(attempt: Attempt, abortSession = false): boolean {
    if (this.#attempt !== attempt) return false;
    this.#attempt = undefined;
    if (pageAttempt === attempt) pageAttempt = undefined;
    attempt.requests.abort();
    const { session } = attempt;
    session.onvalidatemerchant = session.onpaymentauthorized = session.oncancel = noop;
    if (abortSession) {
      try {
        session.abort();
      } catch {
        // Already completed or cancelled in Safari: nothing left to end.
      }
    }
    this.#setActive(false);
    return true;
  }

  /** Fires `apple-pay-error`; ends the attempt first, so that the sheet never hangs on a failure. */
  #report(stage: ApplePayErrorStage, error: unknown, attempt?: Attempt): void {
    if (attempt) this.#end(attempt, true);
    const known =
      error instanceof ApplePaySessionButtonError
        ? error
        : new ApplePaySessionButtonError('session-failed', 'Apple Pay failed unexpectedly', {
            cause: error,
          });
    this.#emit('apple-pay-error', { stage, error: known });
  }

  #setActive(active: boolean): void {
    this.toggleAttribute('active', active);
    this.requestUpdate();
  }

  #emit(type: string, detail: object, cancelable = false): boolean {
    return this.dispatchEvent(
      new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }),
    );
  }
}

function noop() {}

function sessionFailed(cause: unknown) {
  return new ApplePaySessionButtonError('session-failed', 'Safari refused the Apple Pay session', {
    cause,
  });
}

function checkClientSession(session: Partial<ClientSession> | undefined): ClientSession {
  if (!session?.clientSessionId) throw configurationError('client-session-id is required');
  if (!session.customerId) throw configurationError('customer-id is required');
  if (!session.clientApiUrl) throw configurationError('client-api-url is required');
  clientApiBaseUrl(session.clientApiUrl);
  return session as ClientSession;
}

function isAuthorizationResult(
  value: unknown,
): value is ApplePayJS.ApplePayPaymentAuthorizationResult {
  const status = (value as { status?: unknown } | null)?.status;
  return Number.isInteger(status) && (status as number) >= 0 && (status as number) <= 7;
}
