// The simulator's payment sheet: what Safari would draw, drawn from the strict session's state. Clearly a
// simulator: it makes no payment and has no Apple artwork beyond a logo.
import { LitElement, css, html, nothing } from 'lit';
import { appleButtonWords } from './apple-js-sdk.js';
import { applePay, type FakeApplePaySession } from './apple-pay-session.js';
import { paymentWith, testCards } from './cards.js';
import { adoptStyleSheets, constructedStyleSheet } from './web-platform.js';

// The wallet a person picks from: the test kit's cards, the declining one last.
const CARDS = [testCards.visa, testCards.mastercard, testCards.declined];

/** The Apple Pay button a click went to, read from the click's path: Apple's element, or a drawn `<button>`. */
function clickedButton(event: Event): { type: string; locale: string } | undefined {
  for (const target of event.composedPath()) {
    if (!(target instanceof HTMLElement)) continue;
    if (target.localName === 'apple-pay-button')
      return {
        type: target.getAttribute('type') ?? 'plain',
        locale: target.getAttribute('locale') ?? '',
      };
    if (target.localName === 'button' && target.dataset.type)
      return { type: target.dataset.type, locale: target.lang };
  }
  return undefined;
}

/** The focused element, inside shadow roots too: where focus goes back to when the sheet closes. */
function focusedElement(): HTMLElement | undefined {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element instanceof HTMLElement && element !== document.body ? element : undefined;
}

export class ApplePaySimulatorSheet extends LitElement {
  static override properties = {
    session: { state: true },
    card: { state: true },
    remaining: { state: true },
  };
  declare session?: FakeApplePaySession;
  declare card: number;
  declare remaining: number;
  #timer?: ReturnType<typeof setInterval>;
  #closeTimer?: ReturnType<typeof setTimeout>;
  /** The button of the last click, whose words the sheet repeats. */
  #clicked?: { type: string; locale: string };
  /** The button that opened the sheet; cleared when focus has gone back to it. */
  #opener?: HTMLElement;
  #words = { type: 'plain', locale: '' };
  /** A new session is drawn: move focus into it once. */
  #opened = false;
  /** What the sheet made inert while it is open: the page behind it, as behind Safari's own sheet. */
  #inert: HTMLElement[] = [];

  constructor() {
    super();
    this.card = 0;
    this.remaining = applePay.merchantValidationTimeout / 1000;
    applePay.observe = (session) => this.#observe(session);
  }

  /** Its styles adopted with the browser's own stylesheets, also on a device that lacks them (web-platform.ts). */
  protected override createRenderRoot() {
    const element = this.constructor as typeof ApplePaySimulatorSheet;
    const root = this.shadowRoot ?? this.attachShadow(element.shadowRootOptions);
    adoptStyleSheets(
      root,
      element.elementStyles.map((style) =>
        style instanceof CSSStyleSheet ? style : constructedStyleSheet(style.cssText),
      ),
    );
    return root;
  }

  override connectedCallback() {
    super.connectedCallback();
    addEventListener('click', this.#onClick, true);
    addEventListener('keydown', this.#onKeyDown);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    removeEventListener('click', this.#onClick, true);
    removeEventListener('keydown', this.#onKeyDown);
    this.#restorePage();
  }

  // Capturing, so that it runs before the button's own click listener begins the session.
  #onClick = (event: Event) => (this.#clicked = clickedButton(event));

  /**
   * Escape dismisses the sheet as its Cancel button does; a sheet that is only showing its outcome just closes.
   * Tab and Shift+Tab go round the sheet's controls and never leave it (the page behind is inert as well).
   */
  #onKeyDown = (event: KeyboardEvent) => {
    const session = this.session;
    if (!session) return;
    if (event.key === 'Tab') return this.#keepFocus(event);
    if (event.key !== 'Escape') return;
    event.preventDefault();
    if (session.state === 'active' || session.state === 'authorized') session.cancel();
    else this.#close(0);
  };

  #keepFocus(event: KeyboardEvent) {
    const dialog = this.renderRoot.querySelector('section');
    const controls = [
      ...this.renderRoot.querySelectorAll<HTMLButtonElement | HTMLSelectElement>('button, select'),
    ].filter((control) => !control.disabled);
    const focused = (this.renderRoot as ShadowRoot).activeElement;
    const [first, last] = [controls[0], controls.at(-1)];
    const wrapTo = !first
      ? dialog
      : event.shiftKey
        ? (focused === first || !controls.includes(focused as HTMLButtonElement)) && last
        : (focused === last || !controls.includes(focused as HTMLButtonElement)) && first;
    if (!wrapTo) return; // the browser moves between the sheet's own controls
    event.preventDefault();
    wrapTo.focus();
  }

  /** The page behind the sheet takes no focus, clicks or keys while the sheet is open. */
  #makePageInert() {
    if (this.#inert.length) return;
    this.#inert = [...document.body.children].filter(
      (element): element is HTMLElement =>
        element instanceof HTMLElement && !element.contains(this) && !element.inert,
    );
    for (const element of this.#inert) element.inert = true;
  }

  #restorePage() {
    for (const element of this.#inert) element.inert = false;
    this.#inert = [];
  }

  #observe(session: FakeApplePaySession) {
    clearTimeout(this.#closeTimer);
    if (session !== this.session) {
      this.session = session;
      this.#opener = focusedElement();
      this.#opened = true;
      this.#makePageInert();
      this.#words = this.#clicked ?? { type: 'plain', locale: '' };
      this.card = 0;
      this.#startValidationTimer(session);
    }
    this.requestUpdate();
    if (session.state === 'aborted' || session.state === 'canceled') this.#close(0);
    if (session.state === 'completed') this.#close(1600);
  }

  // The countdown only: the session cancels itself when the time is up, as Safari's sheet does.
  #startValidationTimer(session: FakeApplePaySession) {
    clearInterval(this.#timer);
    const started = Date.now();
    const timeout = applePay.merchantValidationTimeout;
    this.#timer = setInterval(() => {
      this.remaining = Math.max(0, Math.ceil((timeout - (Date.now() - started)) / 1000));
      if (!session.awaitingValidation || session.state !== 'active') clearInterval(this.#timer);
    }, 250);
  }

  #close(delay: number) {
    clearTimeout(this.#closeTimer);
    this.#closeTimer = setTimeout(() => (this.session = undefined), delay);
  }

  // A keyboard user lands on the sheet when it opens, and back on the button when it closes (unless they left).
  override updated() {
    if (this.#opened) this.renderRoot.querySelector('section')?.focus();
    this.#opened = false;
    if (!this.session) this.#restorePage();
    if (!this.session && this.#opener) {
      if (!focusedElement()) this.#opener.focus();
      this.#opener = undefined;
    }
  }

  /** The words of the button that opened the sheet, on its Pay button; a plain button's sheet pays. */
  get #payWords(): string {
    const { type, locale } = this.#words;
    const [before, after] = appleButtonWords(type === 'plain' ? 'pay' : type, locale);
    return `${before}Apple Pay${after}`;
  }

  get #total(): ApplePayJS.ApplePayLineItem | undefined {
    const updates = this.session?.selectionUpdates ?? [];
    const latest = updates
      .map((u) => (u.update as { newTotal?: ApplePayJS.ApplePayLineItem }).newTotal)
      .filter(Boolean)
      .at(-1);
    return latest ?? this.session?.request.total;
  }

  #chooseCard(index: number) {
    this.card = index;
    const session = this.session!;
    if (session.state === 'active' && !session.awaitingValidation && !session.pendingSelection) {
      session.select('paymentmethodselected', {
        paymentMethod: { ...CARDS[index], type: CARDS[index]!.type },
      });
    }
  }

  #pay() {
    const card = CARDS[this.card]!;
    this.session!.authorize(paymentWith(card));
  }

  override render() {
    const session = this.session;
    if (!session) return nothing;
    const total = this.#total;
    const last = session.completions.at(-1);
    const waiting = session.awaitingValidation || session.pendingSelection !== undefined;
    let status = html`Contacting Apple Pay…
      <small>(Safari gives up in ${this.remaining} s)</small>`;
    if (!session.awaitingValidation) status = html`Confirm with the side button`;
    if (session.state === 'authorized') status = html`Processing…`;
    if (session.state === 'completed')
      status =
        last?.status === 0
          ? html`<b class="ok">✓ Done</b>`
          : html`<b class="bad">Payment not completed</b>`;
    if (session.state === 'active' && last && last.status !== 0)
      status = html`<b class="bad"
        >${last.errors?.map((e) => e.message).join(' ') || 'Try again'}</b
      >`;
    return html`<div class="backdrop">
      <section
        role="dialog"
        aria-modal="true"
        aria-labelledby="title"
        tabindex="-1"
        data-state=${session.state}
      >
        <p class="badge">Apple Pay simulator — no real payment</p>
        <header>
          <h2 id="title">Apple Pay</h2>
          <button
            class="cancel"
            @click=${() => session.cancel()}
            ?disabled=${session.state !== 'active' && session.state !== 'authorized'}
          >
            Cancel
          </button>
        </header>
        <label
          >Card
          <select
            @change=${(e: Event) => this.#chooseCard((e.target as HTMLSelectElement).selectedIndex)}
            ?disabled=${waiting || session.state !== 'active'}
          >
            ${CARDS.map((card, i) => html`<option ?selected=${i === this.card}>${card.displayName}${card === testCards.declined ? ' (declines)' : ''}</option>`)}
          </select>
        </label>
        ${session.request.lineItems?.map((item) => html`<p class="line"><span>${item.label}</span><span>${item.amount}</span></p>`)}
        <p class="line total">
          <span>${total?.label}</span><span>${session.request.currencyCode} ${total?.amount}</span>
        </p>
        <p class="status" role="status">${status}</p>
        <button
          class="pay"
          lang=${this.#words.locale || nothing}
          @click=${() => this.#pay()}
          ?disabled=${waiting || session.state !== 'active'}
        >
          ${this.#payWords}
        </button>
      </section>
    </div>`;
  }

  static override styles = css`
    .backdrop {
      position: fixed;
      inset: 0;
      background: rgb(0 0 0 / 0.35);
      display: grid;
      place-items: end center;
      z-index: 1000;
    }
    section:focus {
      outline: none;
    }
    section {
      inline-size: min(420px, 100vw);
      box-sizing: border-box;
      background: #f2f2f7;
      color: #111;
      border-radius: 14px 14px 0 0;
      padding: 16px 20px 24px;
      font:
        15px/1.4 -apple-system,
        BlinkMacSystemFont,
        'Helvetica Neue',
        Arial,
        sans-serif;
      box-shadow: 0 -8px 30px rgb(0 0 0 / 0.25);
    }
    .badge {
      margin: 0 0 8px;
      padding: 4px 8px;
      border-radius: 6px;
      background: #ffd60a;
      color: #000;
      font-size: 12px;
      font-weight: 600;
      text-align: center;
    }
    header {
      display: flex;
      justify-content: space-between;
      align-items: center;
    }
    h2 {
      margin: 0;
      font-size: 22px;
    }
    label {
      display: grid;
      gap: 4px;
      margin: 12px 0;
      color: #555;
      font-size: 13px;
    }
    select {
      font: inherit;
      padding: 8px;
      border-radius: 8px;
      border: 1px solid #ccc;
      background: #fff;
      color: #111;
    }
    .line {
      display: flex;
      justify-content: space-between;
      margin: 4px 0;
    }
    .total {
      font-weight: 600;
      font-size: 17px;
      border-block-start: 1px solid #ccc;
      padding-block-start: 8px;
    }
    .status {
      min-block-size: 1.4em;
      text-align: center;
      color: #333;
    }
    .ok {
      color: #1a7f37;
    }
    .bad {
      color: #c62828;
    }
    .cancel {
      background: none;
      border: 0;
      color: #0a66d8;
      font: inherit;
      cursor: pointer;
    }
    .pay {
      inline-size: 100%;
      padding: 12px;
      border: 0;
      border-radius: 10px;
      background: #000;
      color: #fff;
      font-weight: 600;
      font-size: 17px;
      cursor: pointer;
    }
    button:disabled {
      opacity: 0.45;
      cursor: default;
    }
  `;
}
