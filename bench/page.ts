// The benchmark page: our element and a hand-written minimal Apple Pay button, side by side on the strict
// simulator, talking to the local Connect emulator. Timings are recorded here and read by bench/run.js.
import { LitElement, html } from 'lit';
import {
  FakeApplePaySession,
  applePay,
  installApplePay,
} from '../src/testing/apple-pay-session.js';

installApplePay();
await import('../src/index.js');

interface Sample {
  clickToBegin?: number;
  validateToRequest?: number;
  responseToComplete?: number;
}
const samples: Sample[] = [];
let current: Sample = {};
let clickAt = 0;
let validateAt = 0;
let responseAt = 0;

addEventListener(
  'click',
  () => ((clickAt = performance.now()), (current = {}), samples.push(current)),
  { capture: true },
);
const { begin, completeMerchantValidation, dispatchEvent } = FakeApplePaySession.prototype;
FakeApplePaySession.prototype.begin = function () {
  current.clickToBegin = performance.now() - clickAt;
  return begin.call(this);
};
FakeApplePaySession.prototype.dispatchEvent = function (event: Event) {
  if (event.type === 'validatemerchant') validateAt = performance.now();
  return dispatchEvent.call(this, event);
};
FakeApplePaySession.prototype.completeMerchantValidation = function (merchantSession: unknown) {
  current.responseToComplete = performance.now() - responseAt;
  return completeMerchantValidation.call(this, merchantSession);
};
const realFetch = fetch;
globalThis.fetch = (input, init) => {
  if (init?.method === 'POST') current.validateToRequest = performance.now() - validateAt;
  return realFetch(input, init).then((response) => ((responseAt = performance.now()), response));
};

const session = await (await realFetch('/api/apple-pay/session', { method: 'POST' })).json();
const request = {
  countryCode: 'NL',
  currencyCode: 'EUR',
  supportedNetworks: ['visa', 'masterCard'],
  merchantCapabilities: ['supports3DS'],
  total: { label: 'Bench Shop', amount: '12.50' },
} as ApplePayJS.ApplePayPaymentRequest;

// The hand-written baseline: the least code that does the same Connect flow, with none of the element's checks.
const baseline = document.getElementById('baseline') as HTMLButtonElement;
baseline.onclick = () => {
  const applePaySession = new ApplePaySession(15, request);
  applePaySession.onvalidatemerchant = async (event) => {
    const response = await fetch(
      `${session.clientApiUrl}/${session.customerId}/products/302/sessions`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `GCS v1Client:${session.clientSessionId}`,
        },
        body: JSON.stringify({
          paymentProductSession302SpecificInput: {
            displayName: 'Bench Shop',
            domainName: location.hostname,
            validationUrl: event.validationURL,
          },
        }),
      },
    );
    const body = await response.json();
    applePaySession.completeMerchantValidation(
      JSON.parse(body.paymentProductSession302SpecificOutput.sessionObject),
    );
  };
  applePaySession.oncancel = () => {};
  applePaySession.begin();
};

const ours = document.querySelector('apple-pay-session-button')!;
ours.session = session;

class MinimalLitElement extends LitElement {
  static override properties = { label: {} };
  declare label: string;
  override render() {
    return html`<button type="button">${this.label}</button>`;
  }
}
customElements.define('minimal-lit-element', MinimalLitElement);

/** Creates `count` elements of `tag` and resolves when all have rendered for the first time. */
async function upgradeAndRender(tag: string, count: number): Promise<number> {
  const container = document.createElement('div');
  const start = performance.now();
  for (let i = 0; i < count; i++) container.append(document.createElement(tag));
  document.body.append(container);
  await Promise.all([...container.children].map((el) => (el as LitElement).updateComplete));
  const time = performance.now() - start;
  container.remove();
  return time;
}

Object.assign(globalThis, {
  bench: {
    samples,
    applePay,
    upgradeAndRender,
    reset: () => samples.splice(0),
    validated: () => applePay.sessions.at(-1)?.merchantSession !== undefined,
    endSession: () => applePay.sessions.at(-1)?.cancel(),
    misuses: () => applePay.misuses.length,
  },
});
document.body.dataset.ready = 'true';
