// `apple-pay-session-button/testing`: the simulated Apple Pay for a merchant's browser tests. Importing it wraps
// gesture listeners (to enforce Safari's user-gesture rule) and installs nothing until `install()`.
export {
  applePaySimulator,
  devices,
  testCards,
  type ApplePaySimulator,
  type DeviceName,
  type AuthorizeOptions,
  type FakeApplePaySession,
  type Misuse,
  type SimulatorOptions,
  type TestCard,
  type WaitOptions,
} from './simulator.js';
export {
  FakeApplePaySession as SimulatedApplePaySession,
  applePay,
  samplePayment,
} from './apple-pay-session.js';
export { appleJsSdk } from './apple-js-sdk.js';
export { FAULTS, type Fault } from './connect-emulator/faults.js';
