// The classic-script simulator (dist/testing/apple-pay-simulator.iife.js): `<script src>` it before the page's
// own scripts, or hand it to Playwright's `addInitScript`. It installs at once, with options from the script
// tag's data attributes (`data-device="safari-15.0"`, `data-flavour="apple-js-sdk"`, `data-sheet="false"`) or
// from `window.applePaySimulatorOptions`, and leaves the controller at `window.applePaySimulator`. Running before
// the page's scripts, it can also take away what the device lacks of the web platform.
import {
  applePaySimulator,
  installBeforePage,
  type ApplePaySimulator,
  type SimulatorOptions,
} from './simulator.js';

declare global {
  interface Window {
    applePaySimulator: ApplePaySimulator;
    applePaySimulatorOptions?: SimulatorOptions;
  }
}

const data = (document.currentScript as HTMLScriptElement | null)?.dataset ?? {};
const fromTag: SimulatorOptions = {
  ...(data.device && { device: data.device as SimulatorOptions['device'] }),
  ...(data.flavour && { flavour: data.flavour as SimulatorOptions['flavour'] }),
  ...(data.sheet && { sheet: data.sheet !== 'false' }),
  ...(data.canMakePayments && { canMakePayments: data.canMakePayments !== 'false' }),
  ...(data.maxVersion && { maxVersion: Number(data.maxVersion) }),
};
window.applePaySimulator = applePaySimulator;
installBeforePage({ ...fromTag, ...window.applePaySimulatorOptions });
