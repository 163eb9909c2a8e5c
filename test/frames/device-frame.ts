// The script of device-frame.html: answers for the page that framed it.
import { applePaySimulator, type DeviceName } from '../../src/testing/index.js';

const request: ApplePayJS.ApplePayPaymentRequest = {
  countryCode: 'NL',
  currencyCode: 'EUR',
  supportedNetworks: ['visa'],
  merchantCapabilities: ['supports3DS'],
  total: { label: 'Shop', amount: '1.00' },
};

/** What a call did: `'accepted'`, or the error it threw as `"Name: message"`. */
function outcome(call: () => unknown): string {
  try {
    call();
    return 'accepted';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

const device = new URLSearchParams(location.search).get('device') as DeviceName;
applePaySimulator.install({ device, sheet: false });
const tell = (message: object) => parent.postMessage({ device, ...message }, '*');

document.querySelector('#pay')!.addEventListener('click', () => {
  const constructed = outcome(() => new ApplePaySession(12, request).begin());
  tell({ clicked: constructed });
});

tell({
  ready: true,
  ancestorOrigins: [...(location.ancestorOrigins ?? [])],
  canMakePayments: outcome(() => ApplePaySession.canMakePayments()),
  constructed: outcome(() => new ApplePaySession(12, request)),
});
