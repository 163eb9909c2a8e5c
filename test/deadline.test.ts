// `validation-timeout` is one deadline over a whole step: the Connect calls in it, and the merchant's functions,
// which may ignore their signal.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkAvailability } from '../src/availability.js';
import { clientMetaInfo, createMerchantSession } from '../src/connect-client.js';
import { withDeadline } from '../src/deadline.js';
import { buildPaymentRequest } from '../src/payment-request.js';
import { applePay } from './support/apple-pay-session-double.js';
import { connectApi, dripForever, hang } from './support/connect-api-double.js';
import { CLIENT_API_URL, CLIENT_SESSION_ID, CUSTOMER_ID } from './support/fixtures.js';

const session = {
  clientSessionId: CLIENT_SESSION_ID,
  customerId: CUSTOMER_ID,
  clientApiUrl: CLIENT_API_URL,
};
const input = {
  displayName: 'Shop',
  domainName: 'shop.example.com',
  validationUrl: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
};
const never = () => new Promise<never>(() => {});

afterEach(() => {
  vi.useRealTimers();
});

describe('withDeadline', () => {
  it.each([
    ['never answers', hang],
    ['drips its body forever', dripForever],
  ])(
    'times a Connect call out when the server %s, and aborts the request',
    async (_, responder) => {
      connectApi.respond(responder);
      const call = withDeadline(30, new AbortController().signal, (signal) =>
        createMerchantSession(session, 302, input, { metaInfo: clientMetaInfo(), signal }),
      );
      await expect(call).rejects.toMatchObject({
        name: 'ApplePaySessionButtonError',
        code: 'timeout',
      });
      expect(connectApi.last.signal.aborted).toBe(true);
    },
  );

  it('ends at the deadline even when the task ignores its signal', async () => {
    vi.useFakeTimers();
    const call = withDeadline(1000, new AbortController().signal, never);
    const settled = expect(call).rejects.toMatchObject({ code: 'timeout' });
    await vi.advanceTimersByTimeAsync(999);
    let late = true;
    call.catch(() => (late = false));
    await Promise.resolve();
    expect(late).toBe(true); // not before the deadline
    await vi.advanceTimersByTimeAsync(1);
    await settled;
  });

  it('ends at once, with the reason, when the caller aborts; and aborts the task', async () => {
    const caller = new AbortController();
    let taskSignal!: AbortSignal;
    const call = withDeadline(10_000, caller.signal, (signal) => ((taskSignal = signal), never()));
    const reason = new DOMException('left', 'AbortError');
    caller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(taskSignal.aborted).toBe(true);
  });

  it('leaves no timer and no listener behind once the task has answered', async () => {
    vi.useFakeTimers();
    const caller = new AbortController();
    const add = vi.spyOn(caller.signal, 'addEventListener');
    const remove = vi.spyOn(caller.signal, 'removeEventListener');
    await expect(withDeadline(1000, caller.signal, async () => 'answer')).resolves.toBe('answer');
    expect(vi.getTimerCount()).toBe(0);
    expect(remove.mock.calls).toEqual(add.mock.calls);
  });

  it('rejects with what a task throws at once', async () => {
    const thrown = new Error('at once');
    await expect(
      withDeadline(1000, new AbortController().signal, () => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
  });
});

// Safari 15.0–15.3 have no AbortSignal `reason` (the simulator's safari-15.0 plays it): `throw signal.reason`
// there throws undefined. What a cancelled step rejects with must still say it was aborted.
describe('on safari-15.0, whose signals have no reason', () => {
  const abortError = expect.objectContaining({ name: 'AbortError' });

  it('ends with an AbortError when the caller aborts', async () => {
    applePay.setDevice('safari-15.0');
    const caller = new AbortController();
    const call = withDeadline(10_000, caller.signal, never);
    caller.abort();
    await expect(call).rejects.toEqual(abortError);
  });

  it('rejects a cancelled Connect call with an AbortError, before and during the request', async () => {
    applePay.setDevice('safari-15.0');
    connectApi.respond(hang);
    const before = new AbortController();
    before.abort();
    const during = new AbortController();
    const calls = [before, during].map(({ signal }) =>
      createMerchantSession(session, 302, input, { metaInfo: clientMetaInfo(), signal }),
    );
    await Promise.resolve();
    during.abort();
    await expect(calls[0]).rejects.toEqual(abortError);
    await expect(calls[1]).rejects.toEqual(abortError);
  });

  it('rejects a replaced availability check with an AbortError', async () => {
    applePay.setDevice('safari-15.0');
    const replaced = new AbortController();
    replaced.abort();
    const request = buildPaymentRequest({ countryCode: 'NL', currencyCode: 'EUR', amount: '1.00' });
    const check = checkAvailability({ paymentProductId: 302 }, session, request, {
      metaInfo: clientMetaInfo(),
      signal: replaced.signal,
      timeout: 1000,
    });
    await expect(check).rejects.toEqual(abortError);
  });
});
