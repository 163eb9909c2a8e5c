// Is Apple Pay usable here, for this merchant and this basket? Answered before any click, so the button
// shows only where it can work and never shows first and hides afterwards.
import {
  checkClientSession,
  getPaymentProduct,
  type ClientSession,
  type RequestOptions,
} from './connect-client.js';
import { abortReason, withDeadline } from './deadline.js';
import type { ApplePaySessionButtonError } from './errors.js';
import { appleNetworks } from './networks.js';
import { connectBasket } from './payment-request.js';

/** Why the button is hidden. */
export type UnavailableReason =
  | 'unsupported' // no ApplePaySession: not Safari, or an iframe without allow="payment"
  | 'cannot-make-payments' // ApplePaySession.canMakePayments() is false
  | 'no-session' // no client session yet: neither `session`, the three attributes, `sessionProvider` nor `merchantValidator`
  | 'not-offered' // Connect does not offer the payment product for this country, currency and amount
  | 'lookup-failed'; // the payment product look-up failed (see the apple-pay-error)

export interface Availability {
  available: boolean;
  reason?: UnavailableReason;
  /** Apple's answer to `applePayCapabilities`, where it was asked. */
  credentialStatus?: ApplePayJS.PaymentCredentialStatus;
  /** Apple's identifiers for the networks Connect offers, when it was asked. */
  networks?: string[];
  /** The basket Connect offered the product for ({@link basketOf}); absent where Connect was not asked. */
  basket?: string;
  error?: ApplePaySessionButtonError;
}

/**
 * The client session a look-up asks Connect with: the session itself, or a function that gets one (from
 * `sessionProvider`; `renew` after a failure: the one it gave before may have expired). `undefined`: no client
 * session yet (`no-session`); `null`: merchant validation needs none (`merchantValidator`), so Apple Pay is usable
 * without a look-up.
 */
export type LookupSession =
  Partial<ClientSession> | ((renew?: boolean) => Promise<ClientSession>) | null | undefined;

/** What the merchant configured for look-ups: the element's properties. */
export interface LookupConfig {
  /** With it, `applePayCapabilities` is asked where it exists (Safari 18+, Apple's JS SDK). */
  merchantIdentifier?: string;
  paymentProductId: number;
  /** BCP 47, as the element takes it; Connect gets it with an underscore. */
  locale?: string;
}

/** How a look-up asks: the Client API's options, and `validation-timeout` for all of it (provider call, retry). */
export interface LookupOptions extends RequestOptions {
  timeout: number;
}

/**
 * What a look-up asks Connect about — whose client session, which product, country, currency and amount — as a
 * string to compare. Undefined where no look-up can be made: no client session, or a configuration error that
 * the click reports (a missing or malformed country, currency or amount is never sent to Connect).
 */
export function basketOf(
  session: LookupSession,
  request: ApplePayJS.ApplePayPaymentRequest,
  paymentProductId: number,
): string | undefined {
  try {
    return JSON.stringify([
      // A provider's client sessions all ask for the same merchant.
      typeof session === 'function' || checkClientSession(session),
      paymentProductId,
      connectBasket(request),
    ]);
  } catch {
    return undefined;
  }
}

/** Rejects only with `options.signal`'s reason (abortReason), when a newer check replaced this one. */
export async function checkAvailability(
  { merchantIdentifier, paymentProductId, locale }: LookupConfig,
  session: LookupSession,
  request: ApplePayJS.ApplePayPaymentRequest,
  options: LookupOptions,
): Promise<Availability> {
  if (typeof ApplePaySession === 'undefined') return { available: false, reason: 'unsupported' };
  const credentialStatus = await capabilities(merchantIdentifier);
  const found = credentialStatus ? { credentialStatus } : {};
  if (options.signal.aborted) throw abortReason(options.signal); // not throwIfAborted(): Safari 15.4+
  // Apple recommends applePayCapabilities over canMakePayments; only its applePayUnsupported hides the button
  // (a shopper without a card yet can add one in the sheet).
  const usable = credentialStatus ? credentialStatus !== 'applePayUnsupported' : canMakePayments();
  if (!usable) return { available: false, reason: 'cannot-make-payments', ...found };
  if (session === undefined) return { available: false, reason: 'no-session', ...found };

  const basket = basketOf(session, request, paymentProductId);
  // No look-up to make (`merchantValidator` without a client session), or a configuration error that the click
  // will report (a basket Connect cannot be asked about, a `validation-timeout` that is no deadline): the button
  // is not hidden for those.
  if (!basket || !(options.timeout > 0)) return { available: true, ...found };
  const provided = typeof session === 'function';
  const lookUp = async (signal: AbortSignal, renew?: boolean) =>
    getPaymentProduct(
      await (provided ? session(renew) : (session as ClientSession)),
      paymentProductId,
      { ...connectBasket(request), locale: locale?.replace('-', '_') },
      { ...options, signal },
    );
  try {
    // The provider's client session may have expired (they last 2 hours), or its fetch failed: once more with a
    // fresh one.
    const product = await withDeadline(options.timeout, options.signal, (signal) =>
      lookUp(signal).catch((error) =>
        provided && !signal.aborted ? lookUp(signal, true) : Promise.reject(error),
      ),
    );
    if (!product) return { available: false, reason: 'not-offered', ...found };
    const networks = product.paymentProduct302SpecificData?.networks;
    return {
      available: true,
      basket,
      networks: appleNetworks(Array.isArray(networks) ? networks : []),
      ...found,
    };
  } catch (error) {
    if (options.signal.aborted) throw error;
    // Typed by now: Connect's answers and the deadline by us, the provider's failures by `fromMerchant`.
    return {
      ...found,
      available: false,
      reason: 'lookup-failed',
      error: error as ApplePaySessionButtonError,
    };
  }
}

function canMakePayments(): boolean {
  try {
    return ApplePaySession.canMakePayments();
  } catch {
    return false; // it throws in insecure contexts: Apple Pay is not usable there
  }
}

/** `applePayCapabilities(merchantIdentifier)`'s status where the browser has it; undefined where it has not, or fails. */
async function capabilities(merchantIdentifier: string | undefined) {
  if (!merchantIdentifier || typeof ApplePaySession.applePayCapabilities !== 'function') return;
  try {
    return (await ApplePaySession.applePayCapabilities(merchantIdentifier)).paymentCredentialStatus;
  } catch {
    return; // canMakePayments() decides instead
  }
}
