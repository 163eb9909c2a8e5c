// Connect names card networks its own way ("MASTERCARD", "AMEX"); Apple wants its identifiers ("masterCard").
const APPLE_NETWORKS =
  'amex bancomat bancontact cartesBancaires chinaUnionPay dankort discover eftpos electron elo girocard interac jcb mada maestro masterCard mir privateLabel visa vPay'.split(
    ' ',
  );
const BY_KEY = new Map(APPLE_NETWORKS.map((network) => [network.toLowerCase(), network]));
BY_KEY.set('americanexpress', 'amex');
BY_KEY.set('unionpay', 'chinaUnionPay');
BY_KEY.set('visaelectron', 'electron');

/** Apple's identifiers for the networks Connect names, case- and punctuation-insensitively; unknown ones dropped. */
export function appleNetworks(connectNetworks: readonly unknown[]): string[] {
  const networks = new Set<string>();
  for (const name of connectNetworks) {
    const network =
      typeof name === 'string' && BY_KEY.get(name.toLowerCase().replace(/[^a-z]/g, ''));
    if (network) networks.add(network);
  }
  return [...networks];
}
