// The script of element-frame.html: a checkout in a frame, and what it sent Connect for its merchant session.
import '../../src/index.js';
import { applePaySimulator } from '../../src/testing/index.js';
import { connectApi, installConnectApi } from '../support/connect-api-double.js';

applePaySimulator.install({ device: 'safari-17.0', sheet: false });
installConnectApi();
const tell = (message: object) => parent.postMessage(message, '*');

const el = document.createElement('apple-pay-session-button');
const attributes = {
  'client-session-id': 'csid-frame',
  'customer-id': '9991-frame',
  'client-api-url': 'https://ams1.preprod.api-ingenico.com/client/v1',
  'display-name': 'Framed Shop',
  'country-code': 'NL',
  'currency-code': 'EUR',
  amount: '12.50',
  'supported-networks': 'visa',
};
for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
el.addEventListener('apple-pay-merchant-validated', () => {
  const input = JSON.parse(connectApi.last.body).paymentProductSession302SpecificInput;
  tell({ sent: input.domainName, frameHost: location.hostname });
});
el.addEventListener('apple-pay-error', (event) => tell({ error: String(event.detail.error) }));
el.addEventListener('apple-pay-availability', (event) => {
  if (event.detail.available) tell({ ready: true });
});
document.body.append(el);
