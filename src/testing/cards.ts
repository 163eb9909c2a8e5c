/** A card in the simulated wallet: what `payment.token.paymentMethod` carries. */
export interface TestCard {
  displayName: string;
  network: string;
  type: ApplePayJS.ApplePayPaymentMethodType;
}

/**
 * Cards to pay with. A real token is encrypted and names no card number: the Connect emulator declines by
 * amount (`MAGIC_AMOUNTS`), the demo store by the card's name.
 */
export const testCards = {
  visa: { displayName: 'Visa 4242', network: 'Visa', type: 'credit' },
  mastercard: { displayName: 'Mastercard 5454', network: 'MasterCard', type: 'debit' },
  /** The demo store declines it. */
  declined: { displayName: 'Visa 0002', network: 'Visa', type: 'credit' },
} satisfies Record<string, TestCard>;
