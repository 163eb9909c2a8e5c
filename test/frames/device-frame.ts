// The script of device-frame.html: answers for the page that framed it.
import { applePaySimulator, type DeviceName } from '../../src/testing/index.js';
import { basicRequest as request, outcome } from '../support/outcome.js';

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
