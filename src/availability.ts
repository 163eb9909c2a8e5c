// Is Apple Pay usable here, for this merchant and this basket? Answered before any click, so the button
// shows only where it can work and never shows first and hides afterwards.
import {
  checkClientSession,
  getPaymentProduct,
  isExpired,
  type ClientSession,
  type RequestOptions,
} from './connect-client.js';
import { ApplePaySessionButtonError } from './errors.js';
import { appleNetworks } from './networks.js';
import { totalInMinorUnits } from './payment-request.js';

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
 * `sessionProvider`; `renew` after a 401/403, when the one it gave before has expired).
 */
export type LookupSession = Partial<ClientSession> | ((renew?: boolean) => Promise<ClientSession>);

export interface AvailabilityContext {
  /** Absent: no client session yet (`no-session`), unless merchant validation needs none (`sessionless`). */
  session?: LookupSession;
  /** Merchant validation needs no Connect client session (`merchantValidator`): usable without a look-up. */
  sessionless?: boolean;
  /** With it, `applePayCapabilities` is asked where it exists (Safari 18+, Apple's JS SDK). */
  merchantIdentifier?: string;
  paymentProductId: number;
  request: ApplePayJS.ApplePayPaymentRequest;
  locale?: string;
}

/**
 * What a look-up asks Connect about — whose client session, which product, country, currency and amount — as a
 * string to compare. Undefined where no look-up can be made: no client session, or a configuration error that
 * the click reports.
 */
export function basketOf({
  session,
  paymentProductId,
  request,
}: AvailabilityContext): string | undefined {
  try {
    const asker =
      typeof session === 'function'
        ? 'sessionProvider'
        : (({ clientSessionId, customerId, clientApiUrl }) => [
            clientSessionId,
            customerId,
            clientApiUrl,
          ])(checkClientSession(session));
    return JSON.stringify([
      asker,
      paymentProductId,
      request.countryCode,
      request.currencyCode,
      totalInMinorUnits(request),
    ]);
  } catch {
    return undefined;
  }
}

/** Rejects only with `options.signal.reason`, when a newer check replaced this one. */
export async function checkAvailability(
  context: AvailabilityContext,
  options: RequestOptions,
): Promise<Availability> {
  const { session, sessionless, merchantIdentifier, paymentProductId, request, locale } = context;
  if (typeof ApplePaySession === 'undefined') return { available: false, reason: 'unsupported' };
  const credentialStatus = await capabilities(merchantIdentifier);
  const found = credentialStatus ? { credentialStatus } : {};
  if (options.signal.aborted) throw options.signal.reason;
  // Apple recommends applePayCapabilities over canMakePayments; only its applePayUnsupported hides the button
  // (a shopper without a card yet can add one in the sheet).
  const usable = credentialStatus ? credentialStatus !== 'applePayUnsupported' : canMakePayments();
  if (!usable) return { available: false, reason: 'cannot-make-payments', ...found };
  if (!session)
    return { available: !!sessionless, ...(!sessionless && { reason: 'no-session' }), ...found };

  const basket = basketOf(context);
  // A configuration error that the click will report: the button is not hidden for those.
  if (!basket) return { available: true, ...found };
  const lookUp = async (renew?: boolean) =>
    getPaymentProduct(
      typeof session === 'function' ? await session(renew) : (session as ClientSession),
      paymentProductId,
      {
        countryCode: request.countryCode,
        currencyCode: request.currencyCode,
        amount: totalInMinorUnits(request),
        locale,
      },
      options,
    );
  try {
    const product = await lookUp().catch((error) =>
      // The provider's client session has expired (they last 2 hours): once more with a fresh one.
      typeof session === 'function' && isExpired(error) ? lookUp(true) : Promise.reject(error),
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
    return {
      ...found,
      available: false,
      reason: 'lookup-failed',
      error:
        error instanceof ApplePaySessionButtonError
          ? error
          : new ApplePaySessionButtonError(
              'invalid-response',
              'The payment product look-up failed',
              { cause: error },
            ),
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
