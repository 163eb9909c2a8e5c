// `validation-timeout` as one deadline over a whole step (a look-up with its provider call and retry; a merchant
// validation with its re-check, provider and Connect calls), whatever the step waits on: fetch, the merchant's
// own functions, or both.
import { ApplePaySessionButtonError } from './errors.js';

/**
 * What an aborted `signal` rejects with: its reason, or an AbortError where signals have none (Safari before
 * 15.4, where `throw signal.reason` would throw undefined).
 */
export const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('Aborted', 'AbortError');

/**
 * Runs `task` with a signal that aborts when `signal` does, or when `ms` have passed. Then the result rejects at
 * once — with `signal`'s reason ({@link abortReason}), or at the deadline with code `timeout` — even if the task ignores its signal (a
 * merchant's function may). The timer and the listener on `signal` are gone as soon as the result settles.
 */
export function withDeadline<T>(
  ms: number,
  signal: AbortSignal,
  task: (signal: AbortSignal) => PromiseLike<T>,
): Promise<T> {
  const inner = new AbortController();
  let timer: ReturnType<typeof setTimeout>;
  let cancel: () => void;
  return new Promise<T>((resolve, reject) => {
    const end = (error: unknown) => {
      reject(error);
      inner.abort();
    };
    cancel = () => end(abortReason(signal));
    signal.addEventListener('abort', cancel);
    timer = setTimeout(
      end,
      ms,
      new ApplePaySessionButtonError('timeout', `No answer within ${ms} ms`),
    );
    // Inside the executor: a task that throws at once rejects as well.
    task(inner.signal).then(resolve, reject);
  }).finally(() => {
    clearTimeout(timer);
    signal.removeEventListener('abort', cancel);
  });
}
