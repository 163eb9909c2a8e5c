// `apple-pay-session-button`: defines <apple-pay-session-button> and exports everything public.
import { ApplePaySessionButton } from './apple-pay-session-button.js';

export * from './element.js';

// Guarded: importing twice, or beside the script-tag bundle, is a no-op; in Node (SSR) there is no registry.
if (globalThis.customElements) ApplePaySessionButton.define();

declare global {
  interface HTMLElementTagNameMap {
    'apple-pay-session-button': ApplePaySessionButton;
  }
}
