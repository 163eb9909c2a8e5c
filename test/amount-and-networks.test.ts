import { describe, expect, it } from 'vitest';
import { exponent, toMinorUnits } from '../src/amount.js';
import { appleNetworks } from '../src/networks.js';

describe('currency exponents', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['IQD', 3],
    ['CLF', 4],
  ])('%s has %i decimals', (currency, digits) => {
    expect(exponent(currency)).toBe(digits);
  });
});

describe('toMinorUnits', () => {
  it.each([
    ['12.50', 'EUR', 1250],
    ['12.5', 'EUR', 1250],
    ['12', 'EUR', 1200],
    ['0.07', 'EUR', 7],
    ['1250', 'JPY', 1250],
    ['1.005', 'KWD', 1005],
    ['1.5', 'KWD', 1500],
    ['19.99', 'USD', 1999], // 19.99 * 100 is 1998.9999999999998 in floating point
    ['1234567.89', 'EUR', 123456789],
  ])('%s %s is %i', (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
  });

  it.each([
    ['12.50', 'JPY'],
    ['1.0001', 'KWD'],
    ['12.345', 'EUR'],
    ['abc', 'EUR'],
  ])('refuses %s %s', (amount, currency) => {
    expect(() => toMinorUnits(amount, currency)).toThrow(
      expect.objectContaining({ code: 'configuration' }),
    );
  });
});

describe('appleNetworks', () => {
  it('maps Connect names to Apple identifiers, case-insensitively, dropping unknown ones', () => {
    expect(
      appleNetworks([
        'VISA',
        'MASTERCARD',
        'AMEX',
        'DISCOVER',
        'JCB',
        'CARTES_BANCAIRES',
        'UnionPay',
        'MAESTRO',
        'INTERAC',
        'NOT-A-NETWORK',
        42,
        null,
      ]),
    ).toEqual([
      'visa',
      'masterCard',
      'amex',
      'discover',
      'jcb',
      'cartesBancaires',
      'chinaUnionPay',
      'maestro',
      'interac',
    ]);
  });

  it('keeps Apple identifiers as they are and drops duplicates', () => {
    expect(appleNetworks(['masterCard', 'MasterCard', 'american express', 'visa'])).toEqual([
      'masterCard',
      'amex',
      'visa',
    ]);
  });
});
