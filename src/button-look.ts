import { unsafeCSS, type CSSResult } from '@lit/reactive-element';

// Apple's button types and their accessible names. The names follow from the type itself, so no table ships:
// "check-out" → "Check out with Apple Pay"; "set-up" → "Set up Apple Pay"; "plain" → "Apple Pay".

/** Apple's button types (`-apple-pay-button-type`): the version 4 set, the version 10 set, the version 15 set. */
export type ApplePayButtonType =
  | 'plain'
  | 'buy'
  | 'set-up'
  | 'donate'
  | 'check-out'
  | 'book'
  | 'subscribe'
  | 'reload'
  | 'add-money'
  | 'top-up'
  | 'order'
  | 'rent'
  | 'support'
  | 'contribute'
  | 'tip'
  | 'continue'
  | 'pay';

/** Apple's button styles (`-apple-pay-button-style`). */
export type ApplePayButtonStyle = 'black' | 'white' | 'white-outline';

/** Every type; the words are the type's own, so no table of names ships. */
export const BUTTON_TYPES =
  'plain buy set-up donate check-out book subscribe reload add-money top-up order rent support contribute tip continue pay'.split(
    ' ',
  ) as ApplePayButtonType[];
export const BUTTON_STYLES: ApplePayButtonStyle[] = ['black', 'white', 'white-outline'];

/** The type to draw: an unknown one (from an attribute, say) falls back to `plain`. */
export const buttonType = (type: string | undefined): string =>
  type && (BUTTON_TYPES as string[]).includes(type) ? type : 'plain';

/** The words before the Apple Pay mark: `"Check out with"`; none for `plain`. */
export function buttonWords(type: string): string {
  if (type === 'plain') return '';
  const verb = type.charAt(0).toUpperCase() + type.slice(1).replace('-', ' ');
  return type === 'set-up' ? verb : `${verb} with`;
}

/** The accessible name: `"Check out with Apple Pay"`. */
export const buttonName = (type: string) => `${buttonWords(type)} Apple Pay`.trim();

/** Apple's JS SDK (third-party browsers) defines Apple's own `<apple-pay-button>` element. */
export const hasAppleButtonElement = () => !!globalThis.customElements?.get('apple-pay-button');

/** WebKit draws Apple's own button (localised, exact artwork) where it knows this appearance. */
export const hasNativeButton = () =>
  typeof CSS !== 'undefined' && CSS.supports('-webkit-appearance', '-apple-pay-button');

/**
 * Static CSS: our styles have no interpolations, so this skips the checks in Lit's own `css` tag (and the error
 * text they ship). Named `css` so that Prettier formats the CSS and the build minifies it.
 */
export const css = (strings: TemplateStringsArray): CSSResult => unsafeCSS(strings[0]);

/** The element, as far as the button shows it. */
export interface Look extends Element {
  buttonType?: string;
  buttonStyle: string;
  /** BCP 47; default: the nearest `lang`. */
  locale?: string;
  disabled: boolean;
  /** The sheet is open. */
  active: boolean;
  /** Apple Pay can pay here. */
  available: boolean;
}

/**
 * Draws the button by hand (no template library: every byte here is paid on every checkout page), reusing
 * `button` while its kind fits; returns the button drawn. Where WebKit draws Apple Pay buttons, a `<button>` with
 * Apple's appearance; in a third-party browser, Apple's JS SDK `<apple-pay-button>`; elsewhere (only a test or a
 * simulator has Apple Pay there) a look-alike `<button>` with the words. The click is ours in every case
 * (`onClick`), so the session starts in the gesture.
 */
export function drawButton(
  root: ParentNode,
  button: HTMLElement | undefined,
  host: Look,
  onClick: () => void,
): HTMLElement {
  const { buttonStyle: style, disabled } = host;
  const type = buttonType(host.buttonType);
  // Read at every update: a move under another `lang` updates the element (see connectedCallback).
  const lang = host.locale || host.closest<HTMLElement>('[lang]')?.lang || undefined;
  const name = buttonName(type);
  const native = hasNativeButton();
  const tag = !native && hasAppleButtonElement() ? 'apple-pay-button' : 'button';
  if (button?.localName !== tag) {
    button?.remove();
    button = document.createElement(tag);
    button.setAttribute('part', 'button');
    button.addEventListener('click', onClick);
    root.append(button);
  }
  const attributes =
    tag === 'button'
      ? {
          type: 'button',
          class: native ? 'native' : 'lookalike',
          'data-style': style,
          lang,
          'aria-label': native && name,
          'aria-busy': `${host.active}`,
          disabled: disabled && '',
          // Hidden with its host, and without it where the host's styles were refused (see below).
          hidden: !host.available && '',
        }
      : { buttonstyle: style, type, locale: lang, 'aria-disabled': `${disabled}` };
  // A string sets the attribute; false or undefined removes it.
  for (const [attribute, value] of Object.entries(attributes)) {
    if (typeof value === 'string') button.setAttribute(attribute, value);
    else button.removeAttribute(attribute);
  }
  if (tag === 'button') button.textContent = native ? '' : name;
  // WebKit takes Apple's type and style only as keywords of its own properties: set through CSSOM, which a
  // strict CSP allows. It refuses style attributes, and <style> elements: Lit's only styles before Safari 16.4,
  // where a strict CSP leaves the host unstyled; its button then hides by its `hidden` attribute alone, and
  // WebKit draws it at Apple's minimum size.
  if (native)
    for (const [property, value] of [
      ['-webkit-appearance', '-apple-pay-button'],
      ['-apple-pay-button-type', type],
      ['-apple-pay-button-style', style],
    ] as const)
      button.style.setProperty(property, value);
  return button;
}
