// What the element hands to an older Safari: card networks its PassKit does not know are left out inside the
// click, and a request member that defines the payment, which that Safari would not read, is a configuration error.
import { describe, expect, it } from 'vitest';
import { applePay } from './support/apple-pay-session-double.js';
import { connectApi, productResponse } from './support/connect-api-double.js';
import {
  deferredPaymentRequest,
  disbursementRequest,
  recurringPaymentRequest,
} from './support/payment-members.js';
import { click, payButton, recordEvents, until, type RecordedEvent } from './support/fixtures.js';

const errors = (events: RecordedEvent[]) => events.filter((e) => e.type === 'apple-pay-error');
const refused = (network: string) => ({
  method: 'constructor',
  error: `TypeError: "${network}" is not a valid payment network.`,
});

describe('card networks the device does not know', () => {
  it('leaves out a network from Connect’s answer that safari-15.0 refuses, and opens the sheet with the others', async () => {
    applePay.setDevice('safari-15.0');
    connectApi.respondToProduct(() => productResponse(['BANCONTACT', 'VISA', 'MASTERCARD']));
    const events = recordEvents();
    const el = await payButton({ 'supported-networks': null });
    await click(el);
    await until(() => applePay.last.merchantSession);
    expect(applePay.takeMisuses()).toEqual([refused('bancontact')]);
    expect(applePay.sessions).toHaveLength(1);
    expect(applePay.last.state).toBe('active');
    expect(applePay.last.request.supportedNetworks).toEqual(['visa', 'masterCard']);
    expect(errors(events)).toEqual([]);
  });

  it('leaves out each refused network of supported-networks, one constructor after another', async () => {
    applePay.setDevice('safari-15.0');
    const el = await payButton({ 'supported-networks': 'bancontact visa bancomat' });
    await click(el);
    await until(() => applePay.last.merchantSession);
    expect(applePay.takeMisuses()).toEqual([refused('bancontact'), refused('bancomat')]);
    expect(applePay.last.request.supportedNetworks).toEqual(['visa']);
    expect(el.supportedNetworks).toEqual(['bancontact', 'visa', 'bancomat']); // the next click asks again
  });

  it('keeps a network the device knows: bancontact on safari-16.0', async () => {
    applePay.setDevice('safari-16.0');
    const el = await payButton({ 'supported-networks': 'bancontact visa' });
    await click(el);
    await until(() => applePay.last.merchantSession);
    expect(applePay.last.request.supportedNetworks).toEqual(['bancontact', 'visa']);
  });

  it('is a session-failed error, with no session, when no network is left', async () => {
    applePay.setDevice('safari-15.0');
    const events = recordEvents();
    const el = await payButton({ 'supported-networks': 'bancontact' });
    await click(el);
    expect(applePay.takeMisuses()).toEqual([refused('bancontact')]);
    expect(applePay.sessions).toEqual([]);
    expect(errors(events).map((e) => e.detail)).toEqual([
      {
        stage: 'configuration',
        error: expect.objectContaining({
          code: 'session-failed',
          message: expect.stringContaining('"bancontact" is not a valid payment network.'),
        }),
      },
    ]);
    expect(el.active).toBe(false);
  });
});

type Request = Partial<ApplePayJS.ApplePayPaymentRequest>;

/** Clicks a button with `paymentRequest` on `device`; the shopper authorises if a sheet opens. */
async function payOn(device: Parameters<typeof applePay.setDevice>[0], paymentRequest: Request) {
  applePay.setDevice(device);
  const events = recordEvents();
  const el = await payButton({}, { paymentRequest });
  el.addEventListener('apple-pay-authorized', (event) =>
    event.detail.complete(ApplePaySession.STATUS_SUCCESS),
  );
  await click(el);
  if (applePay.active) {
    await until(() => applePay.last.merchantSession);
    applePay.last.authorize();
  }
  return { el, events };
}

describe('a request member that defines the payment, which the device does not read', () => {
  it.each([
    ['deferredPaymentRequest', 'safari-16.0', { deferredPaymentRequest }],
    ['deferredPaymentRequest', 'safari-16.4', { deferredPaymentRequest }],
    ['recurringPaymentRequest', 'safari-15.4', { recurringPaymentRequest }],
    ['disbursementRequest', 'safari-17.0', { disbursementRequest }],
  ] as const)(
    'is a configuration error for %s on %s: no session begun, no merchant session asked for',
    async (member, device, paymentRequest) => {
      const { el, events } = await payOn(device, paymentRequest as Request);
      expect(events.map((e) => e.type)).toEqual(['apple-pay-start', 'apple-pay-error']);
      expect(errors(events)[0]!.detail).toEqual({
        stage: 'configuration',
        error: expect.objectContaining({
          code: 'configuration',
          message: expect.stringContaining(member),
        }),
      });
      expect(applePay.active).toBeUndefined();
      expect(applePay.sessions.every((session) => session.state === 'idle')).toBe(true);
      expect(connectApi.requests).toEqual([]);
      expect(el.active).toBe(false);
    },
  );

  it.each([
    ['deferredPaymentRequest', 'safari-17.0', { deferredPaymentRequest }],
    ['recurringPaymentRequest', 'safari-16.0', { recurringPaymentRequest }],
  ] as const)('pays with %s on %s, which reads it', async (member, device, paymentRequest) => {
    const { events } = await payOn(device, paymentRequest);
    await until(() => applePay.last.state === 'completed');
    expect(errors(events)).toEqual([]);
    expect(applePay.last.request[member]).toEqual((paymentRequest as Request)[member]);
  });
});
