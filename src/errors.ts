/** One entry of a Connect `ErrorResponse.errors[]`. `message` is for the merchant's logs, never for customers. */
export interface ConnectApiError {
  category?: string;
  code?: string;
  httpStatusCode?: number;
  id?: string;
  message?: string;
  propertyName?: string;
  requestId?: string;
}

/**
 * What went wrong, in one word: the first Connect API error code (e.g. `"1426"`), or one of ours.
 * - `network`: a Connect request never got an answer; `timeout`: `validation-timeout` passed (Connect, or a
 *   function of yours, had not answered);
 * - `invalid-response`: Connect's answer was not the shape it documents;
 * - `invalid-validation-url`: Safari's `validationURL` is not on Apple's gateway;
 * - `configuration`: the element's attributes and properties cannot make a valid payment request, or a
 *   `sessionProvider` gave an incomplete client session;
 * - `session-failed`: Safari refused to create, begin or complete the session;
 * - `unhandled-authorization`: nobody called `complete()` on `apple-pay-authorized`, or its Promise rejected;
 * - `merchant-validator`: a function of yours (`merchantValidator`, `sessionProvider`) threw or rejected with
 *   something other than an ApplePaySessionButtonError (whose own `code` is kept), or `merchantValidator` resolved
 *   to no merchant session object;
 * - `not-offered`, `cannot-make-payments`: a click came while a re-check was pending, and the answer for the
 *   new basket was that Connect does not offer the payment product, or that Apple Pay cannot pay here any more:
 *   the session ends before it is validated.
 */
export type ApplePaySessionButtonErrorCode =
  | 'network'
  | 'timeout'
  | 'invalid-response'
  | 'invalid-validation-url'
  | 'configuration'
  | 'session-failed'
  | 'unhandled-authorization'
  | 'merchant-validator'
  | 'not-offered'
  | 'cannot-make-payments'
  | (string & {});

/** The error in every `apple-pay-error` event. Its `message` never repeats what the API said. */
export class ApplePaySessionButtonError extends Error {
  override name = 'ApplePaySessionButtonError';
  /** HTTP status of the Connect answer, when there was one. */
  status?: number;
  /** Connect's `errorId`, to quote to Worldline support. */
  errorId?: string;
  /** Connect's `errors[]`, unchanged, for the merchant's logs. */
  errors: ConnectApiError[];

  constructor(
    public code: ApplePaySessionButtonErrorCode,
    message: string,
    details: {
      status?: number;
      errorId?: string;
      errors?: ConnectApiError[];
      cause?: unknown;
    } = {},
  ) {
    super(message, details); // Error takes `cause` from it
    this.status = details.status;
    this.errorId = details.errorId;
    this.errors = details.errors ?? [];
  }
}

/** A configuration error: reported on click, no session is created. */
export const configurationError = (message: string) =>
  new ApplePaySessionButtonError('configuration', message);

/**
 * Calls a function of the merchant's (`merchantValidator`, `sessionProvider`). What it throws or rejects with is
 * code `merchant-validator`, kept as `cause` for the merchant's logs, unless it is one of our errors already.
 */
export const fromMerchant = <T>(call: () => PromiseLike<T>): Promise<T> =>
  new Promise<T>((resolve) => resolve(call())).catch((cause) => {
    throw cause instanceof ApplePaySessionButtonError
      ? cause
      : new ApplePaySessionButtonError(
          'merchant-validator',
          'A function of the merchant’s failed',
          {
            cause,
          },
        );
  });

/** Safari refused a call on the session; its message (e.g. "Page already has an active payment session.") is kept. */
export const sessionFailed = (cause: unknown) =>
  new ApplePaySessionButtonError(
    'session-failed',
    `Safari refused the Apple Pay session: ${cause}`,
    { cause },
  );
