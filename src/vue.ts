// `import type {} from 'apple-pay-session-button/vue'`: <apple-pay-session-button> typed in Vue templates
// (`:session="…"`, `@apple-pay-authorized="…"`). Tell Vue's compiler it is a custom element (isCustomElement).
// Apple's `ApplePayJS` types, whatever the project's `types` setting (see element.ts).
/// <reference types="applepayjs" preserve="true" />
import type { DefineComponent } from 'vue';
import type {
  ApplePaySessionButtonAttributes,
  ApplePaySessionButtonProperties,
} from './element-props.js';
import type { ApplePaySessionButtonEventMap } from './events.js';

type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${Pascal<Tail>}`
  : Capitalize<S>;

/** `@apple-pay-authorized` in a template is the prop `onApplePayAuthorized`. */
type VueEventHandlers = {
  [K in keyof ApplePaySessionButtonEventMap as `on${Pascal<K>}`]?: (
    event: ApplePaySessionButtonEventMap[K],
  ) => void;
};

declare module 'vue' {
  interface GlobalComponents {
    'apple-pay-session-button': DefineComponent<
      ApplePaySessionButtonProperties & ApplePaySessionButtonAttributes & VueEventHandlers
    >;
  }
}
