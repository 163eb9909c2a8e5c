// In a browser without Apple Pay, the demo installs the strict simulator and its sheet. Safari keeps its own.
export async function installSimulatorWhereNeeded(): Promise<boolean> {
  if ('ApplePaySession' in window) return false;
  const [{ installApplePay }, { ApplePaySimulatorSheet }] = await Promise.all([
    import('./apple-pay-session.js'),
    import('./sheet.js'),
  ]);
  installApplePay();
  customElements.define('apple-pay-simulator-sheet', ApplePaySimulatorSheet);
  document.body.append(document.createElement('apple-pay-simulator-sheet'));
  return true;
}
