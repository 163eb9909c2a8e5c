// The fake platform behind the ApplePaySession double: the shopper's device (devices.ts) and what else a test
// sets up (answers, timeouts), and the platform's own later tasks. It knows nothing of sessions: the session
// registry (apple-pay-session.ts) is built on it.
import { DEFAULT_DEVICE, deviceProfile, type DeviceName } from './devices.js';

export interface Misuse {
  method: string;
  error: string;
}

const timers = new Set<ReturnType<typeof setTimeout>>();

/** A timer the platform runs (Safari's later tasks, PassKit's timeout), forgotten by `cancelScheduled()`. */
export function schedule(task: () => void, delay = 0): () => void {
  const timer = setTimeout(() => {
    timers.delete(timer);
    task();
  }, delay);
  timers.add(timer);
  return () => {
    clearTimeout(timer);
    timers.delete(timer);
  };
}

/** Forgets every task the platform still had to run. */
export function cancelScheduled(): void {
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
}

/** What a device answers that is not in its profile: the same on every device. */
export const ANSWERS = {
  canMakePayments: true,
  /** What `openPaymentSetup` resolves to. */
  paymentSetupResult: true,
  /** The URL Safari sends with `validatemerchant`. */
  validationURL: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
  /** Ms the sheet waits for `completeMerchantValidation` before it cancels itself (about 30 s in Safari). */
  merchantValidationTimeout: 30_000,
};

/** The settings a test may change that come from the device's profile. */
export function deviceSettings(device: DeviceName = DEFAULT_DEVICE) {
  const profile = deviceProfile(device);
  return {
    /** The highest version `supportsVersion` accepts. */
    maxVersion: profile.maxVersion,
    /** The networks Safari knows on this device; any other name is `"x" is not a valid payment network.` */
    availableNetworks: profile.networks,
  };
}
