// In a browser without Apple Pay, the demo installs the strict simulator and its sheet — optionally as Apple's
// JS SDK would appear in a third-party browser. Safari keeps its own.
export async function installSimulatorWhereNeeded({ appleJsSdk = false } = {}): Promise<boolean> {
  if ('ApplePaySession' in window) return false;
  const [{ installApplePay }, { installAppleJsSdk }, { ApplePaySimulatorSheet }] =
    await Promise.all([
      import('./apple-pay-session.js'),
      import('./apple-js-sdk.js'),
      import('./sheet.js'),
    ]);
  if (appleJsSdk) installAppleJsSdk();
  else installApplePay();
  customElements.define('apple-pay-simulator-sheet', ApplePaySimulatorSheet);
  document.body.append(document.createElement('apple-pay-simulator-sheet'));
  return true;
}
