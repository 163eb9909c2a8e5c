// Is Apple Pay usable here, for this merchant and this basket? Answered before any click, so the button
// shows only where it can work and never shows first and hides afterwards.
import {
  checkClientSession,
  getPaymentProduct,
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
  | 'not-offered' // Connect does not offer the payment product for this country, currency and amount
  | 'lookup-failed'; // the payment product look-up failed (see the apple-pay-error)

export interface Availability {
  available: boolean;
  reason?: UnavailableReason;
  /** Apple's answer to `applePayCapabilities`, where it was asked. */
  credentialStatus?: ApplePayJS.PaymentCredentialStatus;
  /** Apple's identifiers for the networks Connect offers, when it was asked. */
  networks?: string[];
  error?: ApplePaySessionButtonError;
}

export interface AvailabilityContext {
  session?: Partial<ClientSession>;
  /** With it, `applePayCapabilities` is asked where it exists (Safari 18+, Apple's JS SDK). */
  merchantIdentifier?: string;
  paymentProductId: number;
  request: ApplePayJS.ApplePayPaymentRequest;
  locale?: string;
}

/** Rejects only with `options.signal.reason`, when a newer check replaced this one. */
export async function checkAvailability(
  { session, merchantIdentifier, paymentProductId, request, locale }: AvailabilityContext,
  options: RequestOptions,
): Promise<Availability> {
  if (typeof ApplePaySession === 'undefined') return { available: false, reason: 'unsupported' };
  const credentialStatus = await capabilities(merchantIdentifier);
  const found = credentialStatus ? { credentialStatus } : {};
  if (options.signal.aborted) throw options.signal.reason; // not throwIfAborted(): Safari 15.4+
  // Apple recommends applePayCapabilities over canMakePayments; only its applePayUnsupported hides the button
  // (a shopper without a card yet can add one in the sheet).
  const usable = credentialStatus ? credentialStatus !== 'applePayUnsupported' : canMakePayments();
  if (!usable) return { available: false, reason: 'cannot-make-payments', ...found };

  let amount: number;
  try {
    session = checkClientSession(session);
    amount = totalInMinorUnits(request);
  } catch {
    // No client session to ask Connect with, or a configuration error that the click will report.
    return { available: true, ...found };
  }
  try {
    const product = await getPaymentProduct(
      session as ClientSession,
      paymentProductId,
      { countryCode: request.countryCode, currencyCode: request.currencyCode, amount, locale },
      options,
    );
    if (!product) return { available: false, reason: 'not-offered', ...found };
    const networks = product.paymentProduct302SpecificData?.networks;
    return {
      available: true,
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
