// `apple-pay-session-button/element`: the class and its types, without registering anything.
// Its types use Apple's `ApplePayJS` namespace (@types/applepayjs, a dependency). The directive loads it in any
// project, whatever its `types` setting (TypeScript 6 includes no @types by default); `preserve` keeps it in the .d.ts.
/// <reference types="applepayjs" preserve="true" />
export {
  ApplePaySessionButton,
  type MerchantValidationRequest,
  type SessionDetails,
} from './apple-pay-session-button.js';
export type { ApplePayButtonStyle, ApplePayButtonType } from './button-look.js';
export { ApplePaySessionButtonError } from './errors.js';
export type { ApplePaySessionButtonErrorCode, ConnectApiError } from './errors.js';
export type * from './events.js';
