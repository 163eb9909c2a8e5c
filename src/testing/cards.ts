/** A card in the simulated wallet: what `payment.token.paymentMethod` carries. */
export interface TestCard {
  displayName: string;
  network: string;
  type: ApplePayJS.ApplePayPaymentMethodType;
}

/**
 * Cards to pay with. A real token is encrypted and names no card number: the simulator marks the declining
 * card's token (`DECLINE_MARKER`) for the Connect emulator, which also declines by amount (`MAGIC_AMOUNTS`).
 */
export const testCards = {
  visa: { displayName: 'Visa 4242', network: 'Visa', type: 'credit' },
  mastercard: { displayName: 'Mastercard 5454', network: 'MasterCard', type: 'debit' },
  /** The Connect emulator and the demo store decline it. */
  declined: { displayName: 'Visa 0002', network: 'Visa', type: 'credit' },
} satisfies Record<string, TestCard>;

/** The payment Safari would hand over for `card`: a token the Connect emulator can charge (or decline). */
export const paymentWith = (card: TestCard): ApplePayJS.ApplePayPayment => ({
  token: {
    paymentData: {
      version: 'EC_v1',
      // The emulated acquirer declines a token carrying its DECLINE_MARKER: the declining card's.
      data: btoa(
        `simulated ${card.displayName}${card.displayName === testCards.declined.displayName ? ' decline' : ''}`,
      ),
      signature: 'c2ltdWxhdGVk',
      header: {},
    },
    paymentMethod: { ...card } as ApplePayJS.ApplePayPaymentMethod,
    transactionIdentifier: crypto.randomUUID().replaceAll('-', '').toUpperCase(),
  },
});
