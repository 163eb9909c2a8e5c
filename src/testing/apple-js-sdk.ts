// A stand-in for Apple's "Apple Pay JS SDK" in a third-party browser: `ApplePaySession` (the strict simulator)
// with `applePayCapabilities`, and Apple's `<apple-pay-button>` element. Simulated, and labelled so.
import { buttonWords } from '../button-look.js';
import { FakeApplePaySession, installApplePay } from './apple-pay-session.js';

export const appleJsSdk = {
  /** What `applePayCapabilities` answers. */
  credentialStatus: 'paymentCredentialsAvailable' as ApplePayJS.PaymentCredentialStatus,
  /** The merchant identifiers it was asked about. */
  asked: [] as string[],
  /** When set, `applePayCapabilities` rejects with it. */
  failure: undefined as Error | undefined,
};

// The Apple logo (Simple Icons, CC0).
const APPLE_LOGO =
  'M12.152 6.896c-.948 0-2.415-1.078-3.96-1.04-2.04.027-3.91 1.183-4.961 3.014-2.117 3.675-.546 9.103 1.519 12.09 1.013 1.454 2.208 3.09 3.792 3.039 1.52-.065 2.09-.987 3.935-.987 1.831 0 2.35.987 3.96.948 1.637-.026 2.676-1.48 3.676-2.948 1.156-1.688 1.636-3.325 1.662-3.415-.039-.013-3.182-1.221-3.22-4.857-.026-3.04 2.48-4.494 2.597-4.559-1.429-2.09-3.623-2.324-4.39-2.376-2-.156-3.675 1.09-4.61 1.09zM15.53 3.83c.843-1.012 1.4-2.427 1.245-3.83-1.207.052-2.662.805-3.532 1.818-.78.896-1.454 2.338-1.273 3.714 1.338.104 2.715-.688 3.559-1.701';

/** Apple's button element, as far as a page sees it: attributes in, clicks out, Apple's artwork drawn. */
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
    // A constructed sheet, not a <style> element: the strict-CSP test page allows no inline styles.
    const style = new CSSStyleSheet();
    style.replaceSync(`:host{display:inline-block;width:var(--apple-pay-button-width,100px);height:var(--apple-pay-button-height,30px)}
      div{position:relative;box-sizing:var(--apple-pay-button-box-sizing,border-box);height:100%;display:flex;align-items:center;justify-content:center;gap:.3em;cursor:pointer;
      border-radius:var(--apple-pay-button-border-radius,4px);padding:var(--apple-pay-button-padding,0);white-space:nowrap;overflow:hidden;
      font:500 17px/1 -apple-system,BlinkMacSystemFont,'Helvetica Neue',Helvetica,Arial,sans-serif;background:#000;color:#fff;border:1px solid #000}
      :host([buttonstyle^=white]) div{background:#fff;color:#000;border-color:#fff}
      :host([buttonstyle=white-outline]) div{border-color:#000}
      div:focus-visible{outline:2px solid Highlight;outline-offset:2px}
      b{display:inline-flex;align-items:center;gap:.08em;font-size:1.15em;font-weight:600}
      i{position:absolute;clip-path:inset(50%);width:1px;height:1px;overflow:hidden}
      svg{height:1em;fill:currentColor;margin-top:-.2em}`);
    root.adoptedStyleSheets = [style];
    root.append(this.#button);
  }

  attributeChangedCallback() {
    const type = this.getAttribute('type') ?? 'plain';
    const words = buttonWords(type);
    const svg = (tag: string) => document.createElementNS('http://www.w3.org/2000/svg', tag);
    const [logo, path, mark, apple] = [
      svg('svg'),
      svg('path'),
      document.createElement('b'),
      document.createElement('i'),
    ];
    logo.setAttribute('viewBox', '0 0 24 24');
    path.setAttribute('d', APPLE_LOGO);
    logo.append(path);
    logo.setAttribute('aria-hidden', 'true');
    // The logo's words for assistive technology: the accessible name holds exactly what is seen (WCAG 2.5.3).
    apple.textContent = 'Apple ';
    mark.append(logo, apple, 'Pay');
    this.#button.replaceChildren(...(words ? [`${words} `] : []), mark);
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
