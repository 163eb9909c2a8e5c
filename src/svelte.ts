// `import type {} from 'apple-pay-session-button/svelte'`: <apple-pay-session-button> typed in Svelte 5 markup.
// Apple's `ApplePayJS` types, whatever the project's `types` setting (see element.ts).
/// <reference types="applepayjs" preserve="true" />
import type { HTMLAttributes } from 'svelte/elements';
import type { ApplePaySessionButton } from './apple-pay-session-button.js';
import type {
  ApplePaySessionButtonAttributes,
  ApplePaySessionButtonEventHandlers,
  ApplePaySessionButtonProperties,
} from './element-props.js';

type SvelteProps = HTMLAttributes<ApplePaySessionButton> &
  ApplePaySessionButtonProperties &
  ApplePaySessionButtonAttributes &
  ApplePaySessionButtonEventHandlers;

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'apple-pay-session-button': SvelteProps;
  }
}
