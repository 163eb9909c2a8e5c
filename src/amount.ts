// Amounts: Apple takes major units as a decimal string ("12.50"), Connect takes minor units as an integer.
// The step between them is the currency's ISO 4217 exponent, not a fixed 100.
import { configurationError } from './errors.js';

// ISO 4217 minor-unit exponents other than 2. (Intl's CLDR data differs from ISO for some, e.g. IQD, so no Intl.)
/** Digits after the decimal point in `currencyCode`'s minor unit: JPY 0, EUR 2, KWD 3. */
export const exponent = (currencyCode: string): number =>
  /^(BIF|CLP|DJF|GNF|ISK|JPY|KMF|KRW|PYG|RWF|UGX|UYI|VND|VUV|XAF|XOF|XPF)$/.test(currencyCode)
    ? 0
    : /^(BHD|IQD|JOD|KWD|LYD|OMR|TND)$/.test(currencyCode)
      ? 3
      : /^(CLF|UYW)$/.test(currencyCode)
        ? 4
        : 2;

/**
 * `"12.50"` EUR → 1250; `"1250"` JPY → 1250; `"1.005"` KWD → 1005. Exact (string arithmetic, no floats).
 * Throws a configuration error for anything else, such as more decimals than the currency has.
 */
export function toMinorUnits(amount: string, currencyCode: string): number {
  const digits = exponent(currencyCode);
  // Apple's amount grammar without the sign: a total is never negative.
  const [, whole, fraction = ''] = /^([0-9]+)(?:\.([0-9]+))?$/.exec(amount) ?? [];
  if (!whole || fraction.length > digits) {
    throw configurationError(
      `amount "${amount}" must be a decimal with at most ${digits} decimals in ${currencyCode}`,
    );
  }
  return Number(whole + fraction.padEnd(digits, '0'));
}
