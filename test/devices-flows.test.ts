// The element's main flows on every shopper's device the simulator plays: availability, paying, a decline, a
// cancel, recurring and deferred requests, the sheet's selections, and Apple's JS SDK arriving late. What each
// device should do is derived from its profile (src/testing/devices.ts: its highest version, PassKit's networks,
// the members its WebKit reads), not written out per device. Every device in Chromium; in WebKitGTK the oldest,
// the last without constructable stylesheets or deferred payments, and the newest.
import { describe, expect, it } from 'vitest';
import { server } from 'vitest/browser';
import type { ApplePaySessionButton } from '../src/element.js';
import { appleJsSdk, installAppleJsSdk } from '../src/testing/apple-js-sdk.js';
import { deviceProfile, DEVICE_NAMES, type DeviceName } from '../src/testing/devices.js';
import { applePay, uninstallApplePay } from './support/apple-pay-session-double.js';
import { connectApi, productResponse } from './support/connect-api-double.js';
import { deferredPaymentRequest, recurringPaymentRequest } from './support/payment-members.js';
import {
  click,
  markupButton,
  payButton,
  recordEvents,
  until,
  type RecordedEvent,
} from './support/fixtures.js';

const DEVICES: readonly DeviceName[] =
  server.browser === 'webkit' ? ['safari-15.0', 'safari-16.4', 'safari-26.0'] : DEVICE_NAMES;

/** Connect's networks for product 302: one (bancontact) that only devices from iOS 16 know. */
const CONNECT_NETWORKS = ['VISA', 'MASTERCARD', 'BANCONTACT'];
const APPLE_NAMES = ['visa', 'masterCard', 'bancontact'];

const types = (events: RecordedEvent[]) => events.map((e) => e.type);
const errors = (events: RecordedEvent[]) => events.filter((e) => e.type === 'apple-pay-error');
const knows = (device: DeviceName, network: string) =>
  deviceProfile(device).networks.some((known) => known.toLowerCase() === network.toLowerCase());
const reads = (device: DeviceName, member: string) =>
  deviceProfile(device).reads.has(`ApplePayPaymentRequest.${member}` as never);

/** A shown button for `device`, its networks from Connect, answering the shopper's authorisation with `status`. */
async function shopOn(device: DeviceName, status = 0, paymentRequest?: object) {
  applePay.setDevice(device);
  connectApi.respondToProduct(() => productResponse(CONNECT_NETWORKS));
  const events = recordEvents();
  const el = await payButton({ 'supported-networks': null }, { paymentRequest });
  el.addEventListener('apple-pay-authorized', (event) => event.detail.complete(status));
  return { el, events };
}

/**
 * Clicks and waits for a validated sheet; the constructors Safari refused on the way, for the networks of
 * `requested` the device does not know, taken.
 */
async function openSheet(el: ApplePaySessionButton, device: DeviceName, requested = APPLE_NAMES) {
  await click(el);
  await until(() => applePay.active?.merchantSession);
  expectRefused(device, requested);
  return applePay.active!;
}

/** The constructors Safari refused, one for each network of `requested` the device does not know: taken. */
function expectRefused(device: DeviceName, requested = APPLE_NAMES) {
  const refused = requested.filter((network) => !knows(device, network));
  expect(applePay.takeMisuses().map((misuse) => misuse.error)).toEqual(
    refused.map((network) => `TypeError: "${network}" is not a valid payment network.`),
  );
}

describe.each(DEVICES)('on %s', (device) => {
  const profile = deviceProfile(device);

  it('shows the button, opens the sheet at the device’s version with the networks it knows, passes the selections, and pays', async () => {
    const availability = recordEvents(['apple-pay-availability']);
    const { el, events } = await shopOn(device);
    expect(availability.map((e) => e.detail)).toEqual([{ available: true }]);
    const newTotal = { label: 'Example Shop', amount: '17.45' };
    el.addEventListener('apple-pay-shipping-method-selected', (event) =>
      event.detail.complete({ newTotal }),
    );
    const session = await openSheet(el, device);
    expect(session.version).toBe(profile.maxVersion);
    expect(session.request.supportedNetworks).toEqual(
      APPLE_NAMES.filter((network) => knows(device, network)),
    );
    // The sheet's selections reach the page, and its answers the sheet (unanswered: the totals it has).
    session.select('shippingmethodselected', {
      shippingMethod: { label: 'Express', amount: '4.95', identifier: 'express', detail: '1 day' },
    });
    await until(() => session.selectionUpdates.length === 1);
    session.select('paymentmethodselected', { paymentMethod: { type: 'debit' } });
    await until(() => session.selectionUpdates.length === 2);
    expect(session.selectionUpdates).toEqual([
      { method: 'completeShippingMethodSelection', update: { newTotal } },
      { method: 'completePaymentMethodSelection', update: expect.objectContaining({ newTotal }) },
    ]);
    session.authorize();
    await until(() => session.state === 'completed');
    expect(session.completions).toEqual([{ status: 0 }]);
    expect(types(events)).toEqual([
      'apple-pay-start',
      'apple-pay-merchant-validated',
      'apple-pay-shipping-method-selected',
      'apple-pay-payment-method-selected',
      'apple-pay-authorized',
    ]);
  });

  it('ends a declined payment and a cancelled sheet cleanly, ready for the next click', async () => {
    const { el, events } = await shopOn(device, 1);
    const declined = await openSheet(el, device);
    declined.authorize();
    await until(() => declined.state === 'completed');
    expect(declined.completions).toEqual([{ status: 1 }]);
    await until(() => !el.active);
    const cancelled = await openSheet(el, device);
    cancelled.cancel();
    await until(() => !el.active);
    expect(events.filter((e) => e.type === 'apple-pay-cancel').map((e) => e.detail)).toEqual([
      { authorized: false, sessionError: { code: 'unknown', info: {} } },
    ]);
    expect(errors(events)).toEqual([]);
  });

  it.each([
    ['recurringPaymentRequest', recurringPaymentRequest],
    ['deferredPaymentRequest', deferredPaymentRequest],
  ])(
    'takes a %s where its WebKit reads it, and refuses it as a configuration error where not',
    async (member, value) => {
      const { el, events } = await shopOn(device, 0, { [member]: value });
      if (reads(device, member)) {
        const session = await openSheet(el, device);
        expect(session.request).toMatchObject({ [member]: value });
        session.authorize();
        await until(() => session.state === 'completed');
        expect(errors(events)).toEqual([]);
      } else {
        await click(el);
        expectRefused(device); // networks left out first, as for any request
        expect(applePay.active).toBeUndefined();
        expect(errors(events).map((e) => e.detail)).toEqual([
          { stage: 'configuration', error: expect.objectContaining({ code: 'configuration' }) },
        ]);
        expect(connectApi.requests).toEqual([]);
      }
    },
  );
});

// Last: once Apple's SDK has defined <apple-pay-button>, this page keeps it.
describe('Apple’s JS SDK arriving after the element', () => {
  it(`brings Apple Pay to a button on each device (${DEVICES.join(', ')})`, async () => {
    uninstallApplePay(); // a third-party browser, before the SDK's script has run
    const availability = recordEvents(['apple-pay-availability']);
    const buttons = await Promise.all(
      DEVICES.map(() =>
        markupButton({
          'merchant-identifier': 'merchant.com.example.shop',
          'supported-networks': 'visa',
        }),
      ),
    );
    await until(() => availability.length === DEVICES.length);
    installAppleJsSdk();
    await until(() => buttons.every((el) => el.available));
    for (const [i, device] of DEVICES.entries()) {
      applePay.setDevice(device);
      const el = buttons[i]!;
      el.addEventListener('apple-pay-authorized', (event) => event.detail.complete(0));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('apple-pay-button')).not.toBeNull();
      const session = await openSheet(el, device, ['visa']);
      expect(session.version).toBe(deviceProfile(device).maxVersion);
      session.authorize();
      await until(() => session.state === 'completed');
    }
    expect(appleJsSdk.asked).toHaveLength(DEVICES.length);
  });
});
