// A stand-in for Apple's "Apple Pay JS SDK" in a third-party browser: `ApplePaySession` (the strict simulator)
// with `applePayCapabilities`, and Apple's `<apple-pay-button>` element. Simulated, and labelled so.
import { buttonWords } from '../../src/button-look.js';
import { FakeApplePaySession, installApplePay } from './apple-pay-session.js';

export const appleJsSdk = {
  /** What `applePayCapabilities` answers. */
  credentialStatus: 'paymentCredentialsAvailable' as ApplePayJS.PaymentCredentialStatus,
  /** The merchant identifiers it was asked about. */
  asked: [] as string[],
  /** When set, `applePayCapabilities` rejects with it. */
  failure: undefined as Error | undefined,
};

/** Apple's button element, as far as a page sees it: attributes in, clicks out. */
class AppleButtonElement extends HTMLElement {
  static observedAttributes = ['buttonstyle', 'type', 'locale'];
  #button = document.createElement('div');

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    this.#button.setAttribute('role', 'button');
    this.#button.tabIndex = 0;
    this.#button.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') this.click();
    });
    const style = document.createElement('style');
    style.textContent = `:host{display:inline-block;width:var(--apple-pay-button-width,100px);height:var(--apple-pay-button-height,30px)}
      div{box-sizing:var(--apple-pay-button-box-sizing,border-box);height:100%;display:grid;place-items:center;cursor:pointer;
      border-radius:var(--apple-pay-button-border-radius,4px);padding:var(--apple-pay-button-padding,0);font:500 15px system-ui,sans-serif;white-space:nowrap;overflow:hidden;
      background:#000;color:#fff;border:1px solid #000}
      :host([buttonstyle^=white]) div{background:#fff;color:#000}`;
    root.append(style, this.#button);
  }

  attributeChangedCallback() {
    const words = buttonWords(this.getAttribute('type') ?? 'plain');
    this.#button.textContent = `${words ? `${words} ` : ''}Apple Pay · SDK button (simulated)`;
  }
}

export function installAppleJsSdk(): void {
  installApplePay();
  Object.assign(FakeApplePaySession, {
    applePayCapabilities(merchantIdentifier: string) {
      appleJsSdk.asked.push(merchantIdentifier);
      return appleJsSdk.failure
        ? Promise.reject(appleJsSdk.failure)
        : Promise.resolve({ paymentCredentialStatus: appleJsSdk.credentialStatus });
    },
  });
  if (!customElements.get('apple-pay-button'))
    customElements.define('apple-pay-button', AppleButtonElement);
}
