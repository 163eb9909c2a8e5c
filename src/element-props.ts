// What a template may write on the element, typed once for the framework entries (react, vue, svelte).
import type { ApplePaySessionButton } from './apple-pay-session-button.js';
import type { ApplePaySessionButtonEventMap } from './events.js';

/** Properties a template may set. */
export type ApplePaySessionButtonProperties = Partial<
  Pick<
    ApplePaySessionButton,
    | 'clientSessionId'
    | 'customerId'
    | 'clientApiUrl'
    | 'displayName'
    | 'countryCode'
    | 'currencyCode'
    | 'amount'
    | 'totalLabel'
    | 'supportedNetworks'
    | 'merchantCapabilities'
    | 'buttonType'
    | 'buttonStyle'
    | 'locale'
    | 'merchantIdentifier'
    | 'paymentProductId'
    | 'version'
    | 'validationTimeout'
    | 'domainName'
    | 'disabled'
    | 'session'
    | 'paymentRequest'
    | 'sessionProvider'
    | 'merchantValidator'
  >
>;

/** Attributes, as markup writes them. */
export interface ApplePaySessionButtonAttributes {
  'client-session-id'?: string;
  'customer-id'?: string;
  'client-api-url'?: string;
  'display-name'?: string;
  'country-code'?: string;
  'currency-code'?: string;
  amount?: string;
  'total-label'?: string;
  'supported-networks'?: string;
  'merchant-capabilities'?: string;
  'button-type'?: ApplePaySessionButton['buttonType'];
  'button-style'?: ApplePaySessionButton['buttonStyle'];
  locale?: string;
  'merchant-identifier'?: string;
  'payment-product-id'?: string | number;
  version?: string | number;
  'validation-timeout'?: string | number;
  'domain-name'?: string;
  disabled?: boolean;
}

/** `on` + event name → a typed listener: `onapple-pay-authorized` (React 19, Svelte 5). */
export type ApplePaySessionButtonEventHandlers = {
  [K in keyof ApplePaySessionButtonEventMap as `on${K}`]?: (
    event: ApplePaySessionButtonEventMap[K],
  ) => void;
};
