// In a browser without Apple Pay, the demo installs the strict simulator and its sheet as Apple's JS SDK would
// appear in a third-party browser: ApplePaySession and Apple's <apple-pay-button>. Safari keeps its own.
export async function installSimulatorWhereNeeded(): Promise<boolean> {
  if ('ApplePaySession' in window) return false;
  const [{ installAppleJsSdk }, { ApplePaySimulatorSheet }] = await Promise.all([
    import('./apple-js-sdk.js'),
    import('./sheet.js'),
  ]);
  installAppleJsSdk();
  customElements.define('apple-pay-simulator-sheet', ApplePaySimulatorSheet);
  document.body.append(document.createElement('apple-pay-simulator-sheet'));
  return true;
}
