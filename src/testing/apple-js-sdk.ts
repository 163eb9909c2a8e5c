// A stand-in for Apple's "Apple Pay JS SDK" in a third-party browser: `ApplePaySession` (the strict simulator)
// with `applePayCapabilities`, and Apple's `<apple-pay-button>` element. Simulated, and labelled so.
import { buttonWords } from '../button-look.js';
import { FakeApplePaySession, installApplePay } from './apple-pay-session.js';
import { adoptStyleSheets, constructedStyleSheet } from './web-platform.js';

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

// The simulator's own wording of the button in a few languages, with `%` where the Apple Pay mark goes (Japanese
// puts it first). Not Apple's strings: other languages, and types without an entry, get the English words.
const TRANSLATIONS: Record<string, Record<string, string>> = {
  nl: {
    buy: 'Koop met %',
    pay: 'Betaal met %',
    'check-out': 'Reken af met %',
    donate: 'Doneer met %',
    book: 'Boek met %',
    subscribe: 'Abonneer met %',
    continue: 'Ga verder met %',
    'set-up': 'Stel % in',
  },
  de: {
    buy: 'Kaufen mit %',
    pay: 'Bezahlen mit %',
    'check-out': 'Zur Kasse mit %',
    donate: 'Spenden mit %',
    book: 'Buchen mit %',
    subscribe: 'Abonnieren mit %',
    continue: 'Weiter mit %',
    'set-up': '% einrichten',
  },
  fr: {
    buy: 'Acheter avec %',
    pay: 'Payer avec %',
    'check-out': 'Régler avec %',
    donate: 'Faire un don avec %',
    book: 'Réserver avec %',
    subscribe: 'S’abonner avec %',
    continue: 'Continuer avec %',
    'set-up': 'Configurer %',
  },
  ja: {
    buy: '%で購入',
    pay: '%で支払う',
    'check-out': '%で支払いへ進む',
    donate: '%で寄付',
    book: '%で予約',
    subscribe: '%で登録',
    continue: '%で続ける',
    'set-up': '%を設定',
  },
};

/** The simulated button's words before and after the Apple Pay mark, for a type in a language (BCP 47). */
export function appleButtonWords(type: string, locale = ''): [before: string, after: string] {
  const english = buttonWords(type);
  const text =
    TRANSLATIONS[locale.split(/[-_]/)[0]!.toLowerCase()]?.[type] ??
    (english ? `${english} %` : '%');
  const [before = '', after = ''] = text.split('%');
  return [before, after];
}

/** Apple's button element, as far as a page sees it: attributes in, clicks out, Apple's artwork drawn. */
// In Node (importing the kit must not throw there) there is no HTMLElement: the class is then never defined.
class AppleButtonElement extends ((globalThis.HTMLElement ?? Object) as typeof HTMLElement) {
  static observedAttributes = ['buttonstyle', 'type', 'locale', 'aria-disabled'];
  #button = document.createElement('div');

  constructor() {
    super();
    // Focus delegated to the inner button, so that a page's (or our element's) `focus()` on the host reaches it.
    const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    this.#button.setAttribute('role', 'button');
    this.#button.tabIndex = 0;
    this.#button.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault(); // Space would scroll the page
      this.click();
    });
    // A constructed sheet, not a <style> element: the strict-CSP test page allows no inline styles. The
    // browser's own, also on a device that lacks them.
    const style =
      constructedStyleSheet(`:host{display:inline-block;width:var(--apple-pay-button-width,100px);height:var(--apple-pay-button-height,30px)}
      div{position:relative;box-sizing:var(--apple-pay-button-box-sizing,border-box);height:100%;display:flex;align-items:center;justify-content:center;gap:.3em;cursor:pointer;
      border-radius:var(--apple-pay-button-border-radius,4px);padding:var(--apple-pay-button-padding,0);white-space:nowrap;overflow:hidden;
      font:500 17px/1 -apple-system,BlinkMacSystemFont,'Helvetica Neue',Helvetica,Arial,sans-serif;background:#000;color:#fff;border:1px solid #000}
      :host([buttonstyle^=white]) div{background:#fff;color:#000;border-color:#fff}
      :host([buttonstyle=white-outline]) div{border-color:#000}
      div:focus-visible{outline:2px solid Highlight;outline-offset:2px}
      :host([aria-disabled=true]) div{cursor:default}
      b{display:inline-flex;align-items:center;gap:.08em;font-size:1.15em;font-weight:600}
      i{position:absolute;clip-path:inset(50%);width:1px;height:1px;overflow:hidden}
      svg{height:1em;fill:currentColor;margin-top:-.2em}`);
    adoptStyleSheets(root, [style]);
    root.append(this.#button);
  }

  attributeChangedCallback() {
    const type = this.getAttribute('type') ?? 'plain';
    const locale = this.getAttribute('locale') ?? '';
    const [before, after] = appleButtonWords(type, locale);
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
    this.#button.replaceChildren(...(before ? [before] : []), mark, ...(after ? [after] : []));
    // The host's state, on the element that has the button role.
    if (locale) this.#button.lang = locale;
    else this.#button.removeAttribute('lang');
    const disabled = this.getAttribute('aria-disabled');
    if (disabled) this.#button.setAttribute('aria-disabled', disabled);
    else this.#button.removeAttribute('aria-disabled');
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
