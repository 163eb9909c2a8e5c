// One payment attempt: a new ApplePaySession from the click that begins it to its end — paid, failed, cancelled
// by the shopper or aborted by the page. It owns Safari's session and its handlers, the stage reached, the totals
// the sheet shows, the requests in flight and the page's one-session lock. No DOM: it is given how to get a
// merchant session (Connect or `merchantValidator`: one path) and a function that fires the element's events.
import { withDeadline } from './deadline.js';
import { ApplePaySessionButtonError, sessionFailed } from './errors.js';
import type {
  ApplePayErrorStage,
  ApplePaySessionError,
  AuthorizationResult,
  SelectionUpdate,
} from './events.js';
import type { MerchantSessionSource } from './merchant-session.js';
import { watchReads } from './payment-request.js';
import { isAppleValidationUrl } from './validation-url.js';

type AuthorizationOutcome = ApplePayJS.ApplePayPaymentAuthorizationResult;

/** `ApplePaySession.STATUS_FAILURE` (`STATUS_SUCCESS` is 0): Apple's constants, fixed since version 1. */
const STATUS_FAILURE = 1;

export interface AttemptOptions {
  /** A fresh Apple merchant session for Safari's validation URL. */
  merchantSession: MerchantSessionSource;
  /** Ms all of merchant validation may take (`validation-timeout`); past it the sheet ends with code `timeout`. */
  timeout: number;
  /** Fires one of the element's `apple-pay-*` events. */
  emit(type: string, detail: object): void;
  /** Told once, when the attempt ends, however it ends. */
  ended(): void;
}

export interface PaymentAttempt {
  /** Ends the attempt from the page's side (`abort()`, a removed element, the back-forward cache). */
  abort(): void;
}

// Safari allows one active payment session per page; a click on a second button while one is open does nothing.
let pageAttempt: PaymentAttempt | undefined;

/** True while any button's attempt is open on this page. */
export const pageBusy = () => pageAttempt !== undefined;

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

const HANDLERS = ['validatemerchant', 'paymentauthorized', 'cancel', ...SELECTIONS.map(([e]) => e)];

/**
 * Creates and begins the session — synchronously, so call it inside the click (Safari's user-gesture rule).
 * Networks Safari refuses are left out. Throws `session-failed` if Safari refuses the session or its begin(), and
 * a configuration error for a payment-defining member it does not read; nothing is left open then.
 */
export function beginPayment(
  version: number,
  request: ApplePayJS.ApplePayPaymentRequest,
  { merchantSession, timeout, emit, ended }: AttemptOptions,
): PaymentAttempt {
  // The request as Safari's constructor gets it: a copy that tells which of the members defining the payment
  // this Safari reads (see watchReads). No await from here to begin(): all of it is inside the click.
  const [given, checkReads] = watchReads(request);
  let session: ApplePaySession;
  for (;;) {
    try {
      session = new ApplePaySession(version, given);
      break;
    } catch (cause) {
      // A network this device's PassKit does not know (iOS 15 has no bancontact): Safari names it, and its
      // refusal leaves the gesture for another constructor (it only reads it). Without it, while any is left.
      const networks = given.supportedNetworks.filter(
        (network) => (cause as Error)?.message !== `"${network}" is not a valid payment network.`,
      );
      if (!networks.length || networks.length === given.supportedNetworks.length)
        throw sessionFailed(cause);
      given.supportedNetworks = networks;
    }
  }
  // A member it did not read would turn the payment into a plain one: a configuration error, the session never
  // begun (WebKit keeps nothing of a session that was only constructed: no sheet, nothing to end).
  checkReads();
  // Safari's handlers by name: the selections are set, and all of them cleared, in loops.
  const handlers = session as unknown as Record<string, ((event: never) => void) | null>;
  const requests = new AbortController();
  let stage: ApplePayErrorStage = 'merchant-validation';
  // From the shopper's first authorisation on, the page's charge may be under way or done: a cancel says so.
  let authorized = false;
  let open = true;
  // What the sheet shows now: the answer when a selection event goes unanswered, or Safari refuses an update.
  let totals: SelectionUpdate = { newTotal: request.total, newLineItems: request.lineItems };

  // A session Safari keeps must not keep the element (and its page) alive through our handlers.
  const detach = () => {
    open = false;
    for (const type of HANDLERS) handlers[`on${type}`] = null;
  };
  /** Ends the attempt once (aborting Safari's session when asked); false if it had already ended. */
  const end = (abortSession?: boolean) => {
    if (!open) return false;
    detach();
    if (pageAttempt === attempt) pageAttempt = undefined;
    requests.abort();
    if (abortSession) {
      try {
        session.abort();
      } catch {
        // Already completed or cancelled in Safari: nothing left to end.
      }
    }
    ended();
    return true;
  };
  /** Fires `apple-pay-error`, having ended the attempt first, so that the sheet never hangs on a failure. */
  const fail = (error: unknown) => {
    end(true);
    emit('apple-pay-error', { stage, error });
  };
  const cancelled = (sessionError?: ApplePaySessionError) =>
    emit('apple-pay-cancel', { authorized, ...(sessionError && { sessionError }) });

  session.onvalidatemerchant = async ({ validationURL }) => {
    try {
      if (!isAppleValidationUrl(validationURL)) {
        throw new ApplePaySessionButtonError(
          'invalid-validation-url',
          'The validation URL is not Apple’s',
        );
      }
      const merchant = await withDeadline(timeout, requests.signal, (signal) =>
        merchantSession(validationURL, signal),
      );
      // The shopper may cancel between the answer and this line: a cancelled session is never completed.
      if (!open) return;
      try {
        session.completeMerchantValidation(merchant);
      } catch (cause) {
        throw sessionFailed(cause);
      }
      emit('apple-pay-merchant-validated', {});
    } catch (error) {
      if (open) fail(error);
    }
  };

  session.onpaymentauthorized = ({ payment }) => {
    stage = 'authorization';
    authorized = true;
    let answer: Promise<AuthorizationResult> | undefined;
    emit('apple-pay-authorized', {
      payment,
      complete: (result: AuthorizationResult | PromiseLike<AuthorizationResult>) => {
        answer ??= Promise.resolve(result);
      },
    });
    const unhandled = (message: string, cause?: unknown) =>
      complete(
        { status: STATUS_FAILURE },
        new ApplePaySessionButtonError('unhandled-authorization', message, { cause }),
      );
    if (!answer) return unhandled('complete() was not called');
    answer.then(
      (result) => {
        const outcome = typeof result === 'number' ? { status: result } : result;
        if (!isAuthorizationResult(outcome)) return unhandled('complete() got no status');
        complete(outcome);
      },
      (cause) => unhandled('complete() got a rejected Promise', cause),
    );
  };

  /** Hands Safari the payment's outcome; `error` follows it as `apple-pay-error`. */
  const complete = (outcome: AuthorizationOutcome, error?: ApplePaySessionButtonError) => {
    if (!open) return;
    try {
      session.completePayment(outcome);
    } catch (cause) {
      return fail(sessionFailed(cause));
    }
    // Safari keeps the sheet open for a result that names errors, for statuses 2–4 (each names one) and for
    // the PIN statuses: the shopper may fix it and authorise again. Only a bare success or failure is final.
    if (outcome.status <= STATUS_FAILURE && !outcome.errors?.length) end();
    if (error) emit('apple-pay-error', { stage, error });
  };

  session.oncancel = (event) => {
    if (end()) cancelled((event as { sessionError?: ApplePaySessionError }).sessionError);
  };

  // A selection on the sheet: the merchant may answer with new totals; unanswered, the sheet keeps its totals.
  for (const [safariEvent, ourEvent, field, method] of SELECTIONS) {
    handlers[`on${safariEvent}`] = (event: Record<string, unknown>) => {
      let update: Promise<SelectionUpdate> | undefined;
      emit(`apple-pay-${ourEvent}`, {
        [field]: event[field],
        complete: (value: SelectionUpdate | PromiseLike<SelectionUpdate>) => {
          update ??= Promise.resolve(value);
        },
      });
      const send = (value: SelectionUpdate) => {
        if (!open) return;
        const answer = (u: SelectionUpdate) => (session[method] as (u: SelectionUpdate) => void)(u);
        try {
          answer(value);
          if (value.newTotal)
            totals = { newTotal: value.newTotal, newLineItems: value.newLineItems };
        } catch {
          // Safari refused the merchant's update (a malformed total, say): keep the sheet's totals instead.
          try {
            answer(totals);
          } catch (cause) {
            fail(sessionFailed(cause));
          }
        }
      };
      if (!update) return send(totals);
      update.then(
        (value) => send(value && typeof value === 'object' ? value : totals),
        () => send(totals),
      );
    };
  }

  try {
    session.begin();
  } catch (cause) {
    detach();
    throw sessionFailed(cause);
  }
  const attempt: PaymentAttempt = {
    abort: () => {
      if (end(true)) cancelled();
    },
  };
  return (pageAttempt = attempt);
}

function isAuthorizationResult(value: unknown): value is AuthorizationOutcome {
  const status = (value as { status?: unknown } | null)?.status;
  return Number.isInteger(status) && (status as number) >= 0 && (status as number) <= 7;
}
