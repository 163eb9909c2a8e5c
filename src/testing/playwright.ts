/// <reference types="node" />
// `apple-pay-session-button/testing/playwright`: the simulator in every page of a Playwright test, installed by
// `page.addInitScript` before the page's own scripts run, and driven from the test through `page.evaluate`.
import { readFileSync } from 'node:fs';
import type {} from './apple-pay-simulator.js'; // window.applePaySimulator, in the page
import type {
  AuthorizeOptions,
  DeviceName,
  FakeApplePaySession,
  Misuse,
  SimulatorOptions,
  WaitOptions,
} from './simulator.js';
import type { TestCard } from './cards.js';
import { DEVICE_NAMES, deviceProfile } from './devices.js';

export { testCards } from './cards.js';

/** The shopper's devices the simulator can play, oldest first. */
export const devices: readonly DeviceName[] = DEVICE_NAMES;
export type { AuthorizeOptions, DeviceName, SimulatorOptions, TestCard, WaitOptions };

/** What the helper needs of Playwright's `Page` (or `BrowserContext` for `addInitScript`). */
export interface PlaywrightPage {
  addInitScript(script: { content: string }): Promise<unknown>;
  evaluate<R, Arg>(pageFunction: (arg: Arg) => R | Promise<R>, arg: Arg): Promise<R>;
}

/** A session as the test sees it from Node: its state and what the page did with it. */
export interface SessionSummary {
  version: number;
  request: ApplePayJS.ApplePayPaymentRequest;
  state: FakeApplePaySession['state'];
  completions: ApplePayJS.ApplePayPaymentAuthorizationResult[];
}

const script = () =>
  readFileSync(new URL('./apple-pay-simulator.iife.js', import.meta.url), 'utf8');

type Call = { method: string; args: unknown[] };

/**
 * Installs the simulator in every page `page` loads from now on (call it before `page.goto`) and returns its
 * controller, each method running in the page. A native `ApplePaySession` is replaced.
 */
export async function installApplePaySimulator(
  page: PlaywrightPage,
  options: SimulatorOptions = {},
) {
  if (options.device !== undefined) deviceProfile(options.device); // an unknown device fails here, not in the page
  await page.addInitScript({
    content: `window.applePaySimulatorOptions = ${JSON.stringify(options)};\n${script()}`,
  });
  const call = <R>(method: string, ...args: unknown[]) =>
    page.evaluate<R, Call>(
      ({ method, args }) =>
        (window.applePaySimulator as unknown as Record<string, (...args: unknown[]) => R>)[method]!(
          ...args,
        ),
      { method, args },
    );
  return {
    /** Waits for the sheet (merchant validation done), pays with `card`; resolves to the page's completion. */
    authorize: (options: AuthorizeOptions = {}) =>
      call<ApplePayJS.ApplePayPaymentAuthorizationResult>('authorize', options),
    cancel: (options: WaitOptions = {}) => call<undefined>('cancel', options),
    /** Safari gives up on a merchant validation that does not complete. */
    timeOut: (options: WaitOptions = {}) => call<undefined>('timeOut', options),
    waitForSheet: (options: WaitOptions = {}) =>
      call<undefined>('waitForSheet', options).then(() => undefined),
    selectPaymentMethod: (card: TestCard, options: WaitOptions = {}) =>
      call<unknown>('selectPaymentMethod', card, options),
    selectShippingMethod: (method: ApplePayJS.ApplePayShippingMethod, options: WaitOptions = {}) =>
      call<unknown>('selectShippingMethod', method, options),
    selectShippingContact: (
      contact: ApplePayJS.ApplePayPaymentContact,
      options: WaitOptions = {},
    ) => call<unknown>('selectShippingContact', contact, options),
    changeCouponCode: (couponCode: string, options: WaitOptions = {}) =>
      call<unknown>('changeCouponCode', couponCode, options),
    /** Changes what the device answers in the current page (`device`, `canMakePayments`, `maxVersion`…). */
    set: (
      settings: Pick<
        SimulatorOptions,
        'device' | 'canMakePayments' | 'maxVersion' | 'credentialStatus'
      >,
    ) =>
      page.evaluate((settings) => void Object.assign(window.applePaySimulator, settings), settings),
    sessions: () =>
      page.evaluate(
        () =>
          window.applePaySimulator.sessions.map(({ version, request, state, completions }) => ({
            version,
            request,
            state,
            completions,
          })) as SessionSummary[],
        undefined,
      ),
    /** Calls Safari would have refused, each as Safari throws it: a test expects none. */
    misuses: () =>
      page.evaluate(() => [...window.applePaySimulator.misuses] as Misuse[], undefined),
  };
}

export type PageApplePaySimulator = Awaited<ReturnType<typeof installApplePaySimulator>>;
