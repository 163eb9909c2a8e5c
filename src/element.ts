// `apple-pay-session-button/element`: the class and its types, without registering anything.
export {
  ApplePaySessionButton,
  type MerchantValidationRequest,
  type SessionDetails,
} from './apple-pay-session-button.js';
export { ApplePaySessionButtonError } from './errors.js';
export type { ApplePaySessionButtonErrorCode, ConnectApiError } from './errors.js';
export type * from './events.js';
