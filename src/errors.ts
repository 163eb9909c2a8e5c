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
 * - `network`: the request never got an answer; `timeout`: `validation-timeout` passed;
 * - `invalid-response`: the answer was not the shape Connect documents;
 * - `invalid-validation-url`: Safari's `validationURL` is not on Apple's gateway;
 * - `configuration`: the element's attributes cannot make a valid payment request;
 * - `session-failed`: Safari refused to create or begin the session;
 * - `unhandled-authorization`: nobody called `complete()` on `apple-pay-authorized`, or its Promise rejected;
 * - `merchant-validator`: a function of yours that merchant validation calls (`merchantValidator`,
 *   `sessionProvider`) threw or rejected with something other than an ApplePaySessionButtonError (whose own
 *   `code` is kept), or `merchantValidator` resolved to no merchant session object;
 * - `not-offered`: a click came while a re-check was pending, and Connect does not offer the payment product for
 *   the new country, currency or amount: the session ends before it is validated.
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
