// The fake platform behind the ApplePaySession double: what a test sets up (versions, networks, timeouts),
// and what the code under test did to it (sessions created, misuses thrown).
import type { FakeApplePaySession } from './apple-pay-session.js';

export interface Misuse {
  method: string;
  error: string;
}

// PassKit's availableNetworks on a current iPhone, in Apple Pay JS spelling (PaymentCoordinator matches
// them case-insensitively).
const AVAILABLE_NETWORKS = [
  'amex',
  'bancomat',
  'bancontact',
  'carteBancaire',
  'cartesBancaires',
  'chinaUnionPay',
  'dankort',
  'discover',
  'eftpos',
  'electron',
  'elo',
  'girocard',
  'interac',
  'jcb',
  'mada',
  'maestro',
  'masterCard',
  'mir',
  'privateLabel',
  'visa',
  'vPay',
];

const timers = new Set<ReturnType<typeof setTimeout>>();

/** A timer the platform runs (Safari's later tasks, PassKit's timeout), forgotten by `reset()`. */
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

const DEFAULTS = {
  /** The highest version `supportsVersion` accepts. */
  maxVersion: 15,
  canMakePayments: true,
  /** What `openPaymentSetup` resolves to. */
  paymentSetupResult: true,
  /** The networks Safari knows on this device; any other name is `"x" is not a valid payment network.` */
  availableNetworks: AVAILABLE_NETWORKS as readonly string[],
  /** The URL Safari sends with `validatemerchant`. */
  validationURL: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
  /** Ms the sheet waits for `completeMerchantValidation` before it cancels itself (about 30 s in Safari). */
  merchantValidationTimeout: 30_000,
};

/** The fake platform: what the test sets up, and what the code under test did to it. */
export const applePay = {
  ...DEFAULTS,
  sessions: [] as FakeApplePaySession[],
  misuses: [] as Misuse[],
  active: undefined as FakeApplePaySession | undefined,
  /** Told of every session's every change of state: the demo's sheet draws from it. */
  observe: undefined as ((session: FakeApplePaySession) => void) | undefined,

  /** Back to a fresh device: settings to their defaults, sessions, misuses and pending timers forgotten. */
  reset() {
    Object.assign(this, DEFAULTS);
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    this.sessions = [];
    this.misuses = [];
    this.active = undefined;
    this.observe = undefined;
  },
  /** Returns the misuses recorded so far and forgets them: for tests that provoke one on purpose. */
  takeMisuses(): Misuse[] {
    const misuses = this.misuses;
    this.misuses = [];
    return misuses;
  },
  get last(): FakeApplePaySession {
    const session = this.sessions.at(-1);
    if (!session) throw new Error('no ApplePaySession was created');
    return session;
  },
};

/** Runs `check`; whatever it throws is recorded as a misuse of `method`, then thrown on to the page. */
export function recorded<T>(method: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    const { name, message } = error as Error;
    applePay.misuses.push({ method, error: `${name}: ${message}` });
    throw error;
  }
}
