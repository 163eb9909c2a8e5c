// `import type {} from 'apple-pay-session-button/react'`: <apple-pay-session-button> typed in React 19's JSX.
// Apple's `ApplePayJS` types, whatever the project's `types` setting (see element.ts).
/// <reference types="applepayjs" preserve="true" />
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ApplePaySessionButton } from './apple-pay-session-button.js';
import type {
  ApplePaySessionButtonAttributes,
  ApplePaySessionButtonEventHandlers,
  ApplePaySessionButtonProperties,
} from './element-props.js';

type ReactProps = DetailedHTMLProps<HTMLAttributes<ApplePaySessionButton>, ApplePaySessionButton> &
  ApplePaySessionButtonProperties &
  ApplePaySessionButtonAttributes &
  ApplePaySessionButtonEventHandlers;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'apple-pay-session-button': ReactProps;
    }
  }
}
