import { unsafeCSS } from '@lit/reactive-element';

// Apple's button types and their accessible names. The names follow from the type itself, so no table ships:
// "check-out" → "Check out with Apple Pay"; "set-up" → "Set up Apple Pay"; "plain" → "Apple Pay".

/** Every `-apple-pay-button-type`: v4 set, v10 set, v15 set. */
export const BUTTON_TYPES =
  'plain buy set-up donate check-out book subscribe reload add-money top-up order rent support contribute tip continue pay'.split(
    ' ',
  );
export const BUTTON_STYLES = ['black', 'white', 'white-outline'];

/** The type to draw: an unknown one falls back to `plain`. */
export const buttonType = (type: string | undefined) =>
  type && BUTTON_TYPES.includes(type) ? type : 'plain';

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
export const css = (strings: TemplateStringsArray) => unsafeCSS(strings[0]);

// WebKit takes the type and style only as keywords, so one rule per value (generated, not shipped as text).
export const nativeRules = unsafeCSS(
  BUTTON_TYPES.map((t) => `.native[data-type=${t}]{-apple-pay-button-type:${t}}`).join('') +
    BUTTON_STYLES.map((s) => `.native[data-style=${s}]{-apple-pay-button-style:${s}}`).join(''),
);
