// The payment attempt on its own, without the element: one ApplePaySession from the click to its end, given how
// to get a merchant session and where to send its events.
import { describe, expect, it, vi } from 'vitest';
import { ApplePaySessionButtonError } from '../src/errors.js';
import { beginPayment, pageBusy, type AttemptOptions } from '../src/payment-attempt.js';
import { applePay } from './support/apple-pay-session-double.js';
import { sampleMerchantSession } from './support/connect-api-double.js';
import { until } from './support/fixtures.js';
import { inGesture } from './support/in-gesture.js';
import { basicRequest } from './support/outcome.js';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const request = basicRequest;

type Detail = Record<string, unknown>;

/**
 * An attempt begun in a trusted click, its events, and how often it said it ended; `react` plays the page's
 * listeners.
 */
async function attempt(
  options: Partial<AttemptOptions> = {},
  react?: (type: string, detail: Detail) => void,
) {
  const events: { type: string; detail: Detail }[] = [];
  const ended = vi.fn();
  const merchantSession = vi.fn(options.merchantSession ?? (async () => sampleMerchantSession));
  const begun = await inGesture(() =>
    beginPayment(15, request, {
      timeout: 1000,
      emit: (type, detail) => {
        events.push({ type, detail: detail as Detail });
        react?.(type, detail as Detail);
      },
      ended,
      ...options,
      merchantSession,
    }),
  );
  return { attempt: begun, events, ended, merchantSession, session: applePay.last };
}

const types = (events: { type: string }[]) => events.map((e) => e.type);

describe('a payment attempt', () => {
  it('begins in the gesture, gets a merchant session for Safari’s validation URL, and completes validation', async () => {
    const { events, merchantSession, session } = await attempt();
    expect(session.state).toBe('active');
    expect(pageBusy()).toBe(true);
    await until(() => events.length > 0);
    expect(merchantSession).toHaveBeenCalledTimes(1);
    expect(merchantSession.mock.calls[0]![0]).toBe(applePay.validationURL);
    expect(merchantSession.mock.calls[0]![1]).toBeInstanceOf(AbortSignal);
    expect(session.merchantSession).toEqual(sampleMerchantSession);
    expect(types(events)).toEqual(['apple-pay-merchant-validated']);
    session.cancel();
  });

  it('throws session-failed when Safari refuses the request, and leaves the page free', async () => {
    const ended = vi.fn();
    const error = await inGesture(() => {
      try {
        beginPayment(
          15,
          { ...request, supportedNetworks: [] },
          {
            merchantSession: async () => sampleMerchantSession,
            timeout: 1000,
            emit: () => {},
            ended,
          },
        );
      } catch (thrown) {
        return thrown;
      }
    });
    expect(error).toMatchObject({ code: 'session-failed' });
    expect(applePay.takeMisuses()).toHaveLength(1);
    expect(pageBusy()).toBe(false);
    expect(ended).not.toHaveBeenCalled();
  });

  it('ends with one typed error, and the sheet aborted, when the merchant session cannot be had', async () => {
    const refused = new ApplePaySessionButtonError('1426', 'Connect refused');
    const { events, ended, merchantSession, session } = await attempt({
      merchantSession: () => Promise.reject(refused),
    });
    await until(() => events.length > 0);
    expect(events).toEqual([
      { type: 'apple-pay-error', detail: { stage: 'merchant-validation', error: refused } },
    ]);
    expect(session.state).toBe('aborted');
    expect(merchantSession).toHaveBeenCalledTimes(1);
    expect(ended).toHaveBeenCalledTimes(1);
    expect(pageBusy()).toBe(false);
  });

  it('puts the deadline on the whole merchant validation, and ends the sheet at once', async () => {
    const { events, merchantSession, session } = await attempt({
      timeout: 60,
      merchantSession: () => new Promise(() => {}), // a source that ignores its signal
    });
    await until(() => events.length > 0);
    expect(events[0]!.detail).toMatchObject({ error: { code: 'timeout' } });
    expect(session.state).toBe('aborted');
    expect(merchantSession.mock.calls[0]![1].aborted).toBe(true);
  });

  it('never asks for a merchant session for a validation URL that is not Apple’s', async () => {
    applePay.validationURL = 'https://apple-pay-gateway.apple.com.evil.example/start';
    const { events, merchantSession } = await attempt();
    await until(() => events.length > 0);
    expect(events[0]!.detail).toMatchObject({ error: { code: 'invalid-validation-url' } });
    expect(merchantSession).not.toHaveBeenCalled();
  });

  it('ends once on abort(): the sheet aborted, the request cancelled, a cancel event', async () => {
    const {
      attempt: begun,
      events,
      ended,
      merchantSession,
      session,
    } = await attempt({
      merchantSession: () => new Promise(() => {}),
    });
    await until(() => merchantSession.mock.calls.length === 1);
    begun.abort();
    begun.abort();
    expect(session.state).toBe('aborted');
    expect(merchantSession.mock.calls[0]![1].aborted).toBe(true);
    expect(events).toEqual([{ type: 'apple-pay-cancel', detail: { authorized: false } }]);
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('leaves none of its handlers on a session that has ended', async () => {
    const { events, session } = await attempt();
    await until(() => events.length > 0);
    session.cancel();
    expect(types(events)).toEqual(['apple-pay-merchant-validated', 'apple-pay-cancel']);
    const handlers = Object.keys(session).filter((key) => key.startsWith('on'));
    expect(handlers.length).toBeGreaterThanOrEqual(7);
    for (const handler of handlers)
      expect([handler, session[handler as 'oncancel']]).toEqual([handler, null]);
  });

  it('completes the payment with what the merchant answers, and ends', async () => {
    const { ended, session } = await attempt({}, (type, detail) => {
      if (type === 'apple-pay-authorized')
        (detail as unknown as { complete(status: number): void }).complete(0);
    });
    await until(() => session.merchantSession !== undefined);
    session.authorize();
    await tick();
    expect(session.completions).toEqual([{ status: 0 }]);
    expect(session.state).toBe('completed');
    expect(ended).toHaveBeenCalledTimes(1);
    expect(pageBusy()).toBe(false);
  });
});
