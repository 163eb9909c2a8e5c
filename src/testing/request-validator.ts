// The checks of WebKit's PaymentRequestValidator.mm: country and currency codes against ICU's lists, the
// total's sign and size, shipping method amounts, supported countries.
import { typeError } from './webidl.js';

type Converted = Record<string, unknown>;

// ICU's uloc_getISOCountries(): ISO 3166-1 alpha-2.
const COUNTRIES = new Set(
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
  CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
  GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO
  JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR
  MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
  RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV
  TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`.split(/\s+/),
);

// ICU's ucurr_openISOCurrencies(UCURR_ALL), as the browser's own ICU lists them; the shape alone where the
// browser cannot list them.
const supportedValuesOf = (Intl as { supportedValuesOf?: (key: string) => string[] })
  .supportedValuesOf;
const CURRENCIES = supportedValuesOf ? new Set(supportedValuesOf('currency')) : undefined;
const isCurrency = (code: string) => (CURRENCIES ? CURRENCIES.has(code) : /^[A-Z]{3}$/.test(code));

function checkCountryCode(code: string | undefined): void {
  if (!code) typeError('Missing country code.');
  if (!COUNTRIES.has(code!)) typeError(`"${code}" is not a valid country code.`);
}

/** `validateTotal`: also run on every `newTotal`. */
export function checkTotal(total: Converted, version: number): void {
  if (total.label === undefined) typeError('Missing total label.');
  if (total.amount === undefined) typeError('Missing total amount.');
  const amount = Number(total.amount);
  if (amount < 0) typeError('Total amount must not be negative.');
  if (amount > 100_000_000) typeError('Total amount is too big.');
  // Not in WebKit: PassKit refuses a zero total before Apple Pay JS version 4 (the words here are ours).
  if (version < 4 && amount === 0) typeError('Total amount must be greater than zero.');
}

export function checkWithValidator(request: Converted, version: number): void {
  checkCountryCode(request.countryCode as string);
  const currency = request.currencyCode as string;
  if (!currency) typeError('Missing currency code.');
  if (!isCurrency(currency)) typeError(`"${currency}" is not a valid currency code.`);
  checkTotal(request.total as Converted, version);
  for (const method of (request.shippingMethods as Converted[] | undefined) ?? [])
    if (Math.trunc(Number(method.amount)) < 0)
      typeError('Shipping method amount must be greater than or equal to zero.');
  for (const country of (request.supportedCountries as string[] | undefined) ?? [])
    checkCountryCode(country);
}
