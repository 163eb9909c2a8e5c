// When availability is asked, and which answer counts. Asked when the element enters the page, after every change
// of what availability depends on (at once while the button is hidden; debounced while it shows, so that typing
// an amount costs one look-up) and when a page comes back from the back-forward cache. An answer counts only if
// nothing was asked since: a stale answer never wins. Look-ups use `session`, the three attributes, or the client
// session `sessionProvider` gave, kept for later look-ups until one fails or the provider is replaced.
import {
  basketOf,
  checkAvailability,
  type Availability,
  type LookupConfig,
  type LookupSession,
} from './availability.js';
import { checkClientSession, clientMetaInfo, type ClientSession } from './connect-client.js';
import { ApplePaySessionButtonError, fromMerchant } from './errors.js';
import { buildPaymentRequest, type PaymentRequestConfig } from './payment-request.js';

/** Typing an amount should cost one product look-up, not one per keystroke. */
const DEBOUNCE = 150;
// The properties availability does not depend on: a change of any other asks again (a new one too, to be safe).
const NOT_INPUTS = new Set<PropertyKey>([
  'displayName',
  'totalLabel',
  'supportedNetworks',
  'merchantCapabilities',
  'buttonType',
  'buttonStyle',
  'version',
  'domainName',
  'disabled',
]);

/** What availability depends on: the element's properties. */
export interface AvailabilityConfig extends LookupConfig, PaymentRequestConfig {
  session?: Partial<ClientSession>;
  clientSessionId?: string;
  customerId?: string;
  clientApiUrl?: string;
  sessionProvider?: () => Promise<ClientSession>;
  merchantValidator?: object;
  /** Ms a whole look-up may take, the provider's answer included. */
  validationTimeout: number;
}

/** The element as availability sees it: its settings, whether it is in the page, its `available` attribute. */
export interface AvailabilityHost extends AvailabilityConfig {
  readonly isConnected: boolean;
  /** Draws again: the `available` attribute, and the button, which shows only while available. */
  requestUpdate(): void;
}

export interface AvailabilityController {
  /** The answer that counts, once there is one. */
  answer?: Availability;
  /** A look-up is scheduled or under way: its answer may still change what a click pays with. */
  pending: boolean;
  /** Asks again: what was asked before no longer counts. */
  schedule(): void;
  /** Asks again if availability depends on one of the properties that changed. */
  changed(properties: Iterable<PropertyKey>): void;
  /** The element left the page: nothing scheduled or under way any more. */
  stop(): void;
  /** The client session look-ups ask Connect with (see {@link LookupSession}). */
  lookupSession(): LookupSession;
  /**
   * Before a merchant session is made for `request`: unless the answer that counts offered the product for this
   * very basket (a click during a re-check, or after `apple-pay-start` changed it), asks Connect now, and rejects
   * unless Apple Pay is available for it (code `not-offered`, `cannot-make-payments`, or the look-up's error).
   */
  confirm(request: ApplePayJS.ApplePayPaymentRequest, signal: AbortSignal): Promise<void>;
}

/** `emit` fires the element's `apple-pay-availability` and `apple-pay-error` events. */
export function availabilityController(
  host: AvailabilityHost,
  emit: (type: string, detail: object) => void,
): AvailabilityController {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lookups: AbortController | undefined;
  /** `sessionProvider`'s client session for look-ups, with the provider that gave it. */
  let provided:
    [provider: () => Promise<ClientSession>, session: Promise<ClientSession>] | undefined;

  // Asked once and kept; asked again (`renew`) when a look-up with it failed, or when the provider is replaced.
  const provide = (renew?: boolean) => {
    const provider = host.sessionProvider as () => Promise<ClientSession>;
    if (renew || provided?.[0] !== provider)
      provided = [provider, fromMerchant(provider).then(checkClientSession)];
    return provided[1];
  };

  const ask = (request: ApplePayJS.ApplePayPaymentRequest, signal: AbortSignal) =>
    checkAvailability(host, controller.lookupSession(), request, {
      metaInfo: clientMetaInfo(),
      signal,
      timeout: host.validationTimeout,
    });

  async function lookUp() {
    const current = (lookups = new AbortController());
    let answer: Availability;
    try {
      answer = await ask(buildPaymentRequest(host), current.signal);
    } catch {
      return; // asked again, or the element left the page
    }
    if (current !== lookups) return; // where fetch ignores AbortSignal
    const previous = controller.answer;
    const { available, reason, credentialStatus, error } = (controller.answer = answer);
    controller.pending = false;
    host.requestUpdate();
    if (
      available !== previous?.available ||
      reason !== previous.reason ||
      credentialStatus !== previous.credentialStatus
    ) {
      emit('apple-pay-availability', {
        available,
        ...(reason && { reason }),
        ...(credentialStatus && { credentialStatus }),
      });
    }
    if (error) {
      provided = undefined; // the next look-up asks the provider afresh
      emit('apple-pay-error', { stage: 'availability', error });
    }
  }

  const controller: AvailabilityController = {
    pending: false,
    schedule() {
      if (!host.isConnected) return; // entering the page asks
      controller.stop();
      controller.pending = true;
      // While hidden (no answer yet, no client session, not offered) as soon as possible.
      timer = setTimeout(lookUp, controller.answer?.available ? DEBOUNCE : 0);
    },
    changed(properties) {
      if ([...properties].some((property) => !NOT_INPUTS.has(property))) controller.schedule();
    },
    stop() {
      clearTimeout(timer);
      lookups?.abort();
      lookups = undefined;
      controller.pending = false;
    },
    lookupSession() {
      const { session, clientSessionId, customerId, clientApiUrl } = host;
      return (
        session ??
        (clientSessionId || customerId || clientApiUrl
          ? { clientSessionId, customerId, clientApiUrl }
          : host.sessionProvider
            ? provide
            : host.merchantValidator && null)
      );
    },
    async confirm(request, signal) {
      const basket = basketOf(controller.lookupSession(), request, host.paymentProductId);
      if (!basket || controller.answer?.basket === basket) return;
      const { available, reason, error } = await ask(request, signal);
      // The code says why: `not-offered`, `cannot-make-payments` (the error of a failed look-up has its own).
      if (!available)
        throw error ?? new ApplePaySessionButtonError(String(reason), 'Apple Pay is not available');
    },
  };
  return controller;
}
