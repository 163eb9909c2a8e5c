// Where a payment attempt's Apple merchant session comes from: the merchant's `merchantValidator` (any Apple Pay
// backend), or Connect's Client API with the client session (from `sessionProvider`, fresh each time and once
// more after a 401/403). One function either way: the attempt puts its deadline on it, and ends the sheet
// however it fails.
import {
  checkClientSession,
  clientMetaInfo,
  createMerchantSession,
  isObject,
  type ClientSession,
} from './connect-client.js';
import type { LookupSession } from './availability.js';
import { ApplePaySessionButtonError, fromMerchant } from './errors.js';

/** The Server API's client session answer, or the part of it this element needs. */
export type SessionDetails = ClientSession;

/** What `merchantValidator` is given to get an Apple merchant session. */
export interface MerchantValidationRequest {
  /** `event.validationURL` from Safari, unchanged (checked to be on one of Apple's gateways). */
  validationURL: string;
  /**
   * The domain Apple validates the merchant session against: `domain-name` if set, else the host of the top-level
   * page the shopper sees (in a cross-origin iframe, not the frame's own).
   */
  domainName: string;
  /** `display-name`, as checked at the click. */
  displayName: string;
  /** Aborted when the session ends first: cancelled, timed out (`validation-timeout`), aborted, element removed. */
  signal: AbortSignal;
}

/** Gets a fresh Apple merchant session for Safari's `validationURL`; `signal` aborts when the attempt ends. */
export type MerchantSessionSource = (validationURL: string, signal: AbortSignal) => Promise<object>;

/** The element's settings, read at the click: a later change does not reach this attempt. */
export interface MerchantSessionConfig {
  /** As checked at the click. */
  displayName?: string;
  /** `domain-name`: overrides the top-level page's host. */
  domainName?: string;
  paymentProductId: number;
  sessionProvider?: () => Promise<SessionDetails>;
  merchantValidator?: (request: MerchantValidationRequest) => Promise<object>;
}

/**
 * The host of the top-level page, which Safari validates a merchant session against: in a frame, that of the
 * outermost of `location.ancestorOrigins` (WebKit, Chromium); this page's own at the top, or where the browser
 * has no such list, or the outermost origin is opaque.
 */
const topLevelHost = (): string => {
  try {
    return new URL([...location.ancestorOrigins].pop() as string).hostname;
  } catch {
    return location.hostname;
  }
};

/**
 * The attempt's source of merchant sessions. `clientSession` (what look-ups use: `session`, the three attributes,
 * or else the provider's) serves where there is neither a provider nor a validator; one that is incomplete is a
 * configuration error at once, at the click.
 */
export function merchantSessionSource(
  {
    displayName = '',
    domainName: configured,
    paymentProductId,
    sessionProvider: provider,
    merchantValidator: validator,
  }: MerchantSessionConfig,
  clientSession: LookupSession,
): MerchantSessionSource {
  if (typeof clientSession === 'object' && clientSession) checkClientSession(clientSession);
  return async (validationURL, signal) => {
    const domainName = configured || topLevelHost();
    if (validator) {
      const merchantSession = await fromMerchant(() =>
        validator({ validationURL, domainName, displayName, signal }),
      );
      if (isObject(merchantSession)) return merchantSession;
      throw new ApplePaySessionButtonError(
        'merchant-validator',
        'merchantValidator gave no merchant session',
      );
    }
    const fresh = () =>
      fromMerchant(provider as () => Promise<SessionDetails>).then(checkClientSession);
    const ask = (session: ClientSession) =>
      createMerchantSession(
        session,
        paymentProductId,
        { displayName, domainName, validationUrl: validationURL },
        { metaInfo: clientMetaInfo(), signal },
      );
    try {
      return await ask(provider ? await fresh() : (clientSession as ClientSession));
    } catch (error) {
      // Client sessions expire after 2 hours: with a provider, one retry with a fresh one.
      const status = (error as ApplePaySessionButtonError).status;
      if (!provider || (status !== 401 && status !== 403) || signal.aborted) throw error;
      return ask(await fresh());
    }
  };
}
