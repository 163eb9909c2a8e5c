/// <reference types="vite/client" />
// The demo store: a client session from the merchant's server, the live button, controls, an event log,
// and a snippet that follows the settings.
import { exponent } from '../src/amount.js';
import { BUTTON_TYPES } from '../src/button-look.js';
import type {
  ApplePaySessionButton,
  MerchantValidationRequest,
  SessionDetails,
} from '../src/element.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// Prices per currency, in major units. SEK is listed so that the page shows what "not offered" looks like.
const PRICES: Record<string, number> = {
  EUR: 49,
  USD: 54,
  GBP: 42,
  JPY: 7800,
  KWD: 16.5,
  SEK: 549,
};

const button = $<ApplePaySessionButton>('pay');
const [quantity, currency, country] = [
  $<HTMLInputElement>('quantity'),
  $<HTMLSelectElement>('currency'),
  $<HTMLSelectElement>('country'),
];
const [buttonType, buttonStyle, locale, disabled, fault, merchantValidation] = [
  $<HTMLSelectElement>('button-type'),
  $<HTMLSelectElement>('button-style'),
  $<HTMLSelectElement>('locale'),
  $<HTMLInputElement>('disabled'),
  $<HTMLSelectElement>('fault'),
  $<HTMLInputElement>('merchant-validation'),
];
const log = $<HTMLOListElement>('log');
const result = $('result');
let session: SessionDetails & { mode?: 'emulator' | 'connect'; error?: string };
let snippetKind: 'script' | 'npm' = 'script';
/** The last quantity the field held that one can order: the order keeps it while the field is being edited. */
let orderedQuantity = 1;

/** The field's quantity when it is a whole number from 1 to the field's maximum. */
function fieldQuantity(): number | undefined {
  const value = Number(quantity.value);
  return /^[1-9][0-9]*$/.test(quantity.value) && value <= Number(quantity.max) ? value : undefined;
}

const amount = () => {
  const digits = exponent(currency.value);
  return (PRICES[currency.value]! * orderedQuantity).toFixed(digits);
};

function update() {
  const chosen = fieldQuantity();
  if (chosen) orderedQuantity = chosen;
  quantity.toggleAttribute('aria-invalid', !chosen);
  $('quantity-error').hidden = !!chosen;
  const total = amount();
  $('summary-quantity').textContent = String(orderedQuantity);
  $('summary-subtotal').textContent = $('summary-total').textContent = `${currency.value} ${total}`;
  button.amount = total;
  button.currencyCode = currency.value;
  button.countryCode = country.value;
  button.buttonType = buttonType.value as ApplePaySessionButton['buttonType']; // the select offers only these
  button.buttonStyle = buttonStyle.value as ApplePaySessionButton['buttonStyle']; // the select offers only these
  button.locale = locale.value || undefined;
  button.disabled = disabled.checked;
  button.merchantValidator = merchantValidation.checked ? validateThroughServer : undefined;
  // Apple's white button is for dark backgrounds: the page gives it one (demo.css).
  $('pay-area').dataset.buttonStyle = buttonStyle.value;
  // The fault switch answers Connect's merchant validation, which the merchant's server then replaces.
  fault.disabled = merchantValidation.checked;
  $('fault-note').hidden = !merchantValidation.checked;
  renderSnippet();
}

/**
 * The switch's `merchantValidator`: the store's server gets the merchant session from Apple
 * (examples/apple-merchant-validation); the client session still serves the product look-up.
 */
async function validateThroughServer({ validationURL, signal }: MerchantValidationRequest) {
  const response = await fetch('/api/apple-pay/validate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ validationURL }),
    signal, // aborted when the Apple Pay session ends
  });
  if (!response.ok) throw new Error(`merchant validation failed: HTTP ${response.status}`);
  const merchantSession = (await response.json()) as object;
  logEvent(new CustomEvent('merchant-server-validated', { detail: merchantSession }));
  return merchantSession;
}

/** An attribute as HTML source, its value escaped. */
const attribute = (name: string, value: string) =>
  `${name}="${value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`;

function renderSnippet() {
  const attributes = [
    attribute('display-name', button.getAttribute('display-name') ?? ''),
    [
      attribute('country-code', country.value),
      attribute('currency-code', currency.value),
      attribute('amount', amount()),
    ].join(' '),
    [
      attribute('button-type', buttonType.value),
      attribute('button-style', buttonStyle.value),
      ...(locale.value ? [attribute('locale', locale.value)] : []),
      ...(disabled.checked ? ['disabled'] : []),
    ].join(' '),
  ];
  $('snippet').textContent =
    snippetKind === 'script'
      ? `<script src="/path/to/apple-pay-session-button.iife.js"></script>
<!-- The client session: from your server (connect-sdk-nodejs: client.v1.sessions.create) -->
<apple-pay-session-button
  client-session-id="…" customer-id="…" client-api-url="…"
  ${attributes.join('\n  ')}>
</apple-pay-session-button>`
      : `// npm install apple-pay-session-button
import 'apple-pay-session-button';

const button = document.querySelector('apple-pay-session-button');
const orderId = 'order-1'; // your order
// Your server creates a Connect client session (connect-sdk-nodejs: client.v1.sessions.create)
button.session = await (await fetch('/api/apple-pay/session', { method: 'POST' })).json();
button.addEventListener('apple-pay-authorized', (event) => {
  // Your server charges the token for its own record of the order and answers { status } (docs/server.md)
  const charged = fetch('/api/apple-pay/charge', { method: 'POST', body: JSON.stringify({ orderId, token: event.detail.payment.token }) });
  event.detail.complete(charged.then((response) => response.json()));
});

<apple-pay-session-button
  ${attributes.join('\n  ')}>
</apple-pay-session-button>`;
}

/** The event detail as JSON, with functions named and the token's data shortened. */
function describe(detail: unknown): string {
  return JSON.stringify(
    detail,
    (key, value) => {
      if (typeof value === 'function') return `[function ${key}]`;
      if (value instanceof Error) return { ...value, name: value.name, message: value.message };
      if (key === 'data' && typeof value === 'string' && value.length > 24)
        return `${value.slice(0, 24)}…`;
      return value;
    },
    2,
  );
}

function logEvent(event: Event) {
  const item = document.createElement('li');
  const time = new Date().toLocaleTimeString();
  const title = document.createElement('strong');
  title.textContent = event.type;
  const details = document.createElement('pre');
  details.textContent = describe((event as CustomEvent).detail);
  item.append(`${time} `, title, details);
  item.dataset.type = event.type;
  log.prepend(item);
}

for (const type of [
  'apple-pay-availability',
  'apple-pay-start',
  'apple-pay-merchant-validated',
  'apple-pay-payment-method-selected',
  'apple-pay-authorized',
  'apple-pay-cancel',
  'apple-pay-error',
]) {
  button.addEventListener(type, logEvent);
}

button.addEventListener('apple-pay-start', () => (result.textContent = ''));
button.addEventListener('apple-pay-authorized', (event) => {
  // The store records the order (its amount is the server's), then charges the token for it through
  // apple-pay-session-button/server's routes (docs/server.md); the sheet and the page say what the server knows.
  const post = (path: string, body: unknown) =>
    fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then((response) => response.json());
  const charged = post('/api/demo/orders', { amount: button.amount, currencyCode: currency.value })
    .then(({ orderId }) =>
      post('/api/apple-pay/charge', { orderId, token: event.detail.payment.token }),
    )
    .catch(() => ({ status: ApplePaySession.STATUS_FAILURE, orderState: 'charging' }));
  event.detail.complete(
    charged.then(({ status, orderState }) => {
      result.textContent =
        orderState === 'paid'
          ? 'Paid. Thank you — your tote is on its way.'
          : orderState === 'open'
            ? 'The card was declined, and nothing was charged. Please try another card.'
            : 'We are checking your payment. Please do not pay again.';
      return status;
    }),
  );
});
button.addEventListener('apple-pay-cancel', () => (result.textContent ||= 'Payment cancelled.'));
button.addEventListener('apple-pay-error', () => {
  // What a shopper sees: never the API's message, which is for the merchant's logs. This store takes Apple Pay
  // only, so the way on is trying again, not another payment method.
  result.textContent = 'Apple Pay did not go through, and nothing was charged. Please try again.';
});

/** Why the store cannot take Apple Pay, in a shopper's words (the event log keeps the reason code). */
const unavailable = (reason?: string) =>
  ({
    unsupported: 'This browser cannot pay with Apple Pay.',
    'cannot-make-payments': 'Apple Pay is not set up on this device.',
    'no-session': 'Apple Pay is not ready yet. Please reload the page.',
    'not-offered': `Apple Pay is not offered for payments in ${currency.value}.`,
    'lookup-failed': 'Apple Pay could not be checked just now. Please reload the page.',
  })[reason ?? ''] ?? 'Apple Pay is not available for this order.';

button.addEventListener('apple-pay-availability', (event) => {
  const note = $('unavailable');
  note.hidden = event.detail.available;
  note.textContent = event.detail.available ? '' : unavailable(event.detail.reason);
});

/** The demo's Connect: the emulator (in the dev server, or in this page through a service worker) or the real one. */
async function connectToStore() {
  // The static build has no server: the store's server and the emulator run in this page (demo/static-demo.ts).
  if (import.meta.env.MODE === 'static-demo') await (await import('./static-demo.js')).start();
  // In a real store, the merchant's server creates the client session when the checkout page is served.
  session = await (await fetch('/api/apple-pay/session', { method: 'POST' })).json();
  const real = session.mode === 'connect';
  $('mode').textContent = real
    ? session.error
      ? 'real Connect — unreachable'
      : 'real Connect'
    : import.meta.env.MODE === 'static-demo'
      ? 'Connect emulator (no server: charges are simulated in this page)'
      : 'Connect emulator';
  $('mode').hidden = false;
  fault.closest('label')!.hidden = real; // the switches drive the emulator only
  // The stand-in gateway's merchant sessions are good for the simulator, not for Safari's own Apple Pay.
  merchantValidation.closest('label')!.hidden = $('merchant-validation-note').hidden = real;
  if (import.meta.env.MODE === 'static-demo') {
    // Mutual TLS with Apple needs the merchant's server, and the static demo has none.
    merchantValidation.disabled = true;
    $('merchant-validation-note').textContent =
      "Needs the demo's dev server (npm start in a clone of the repository): this static page has no server to hold a merchant certificate.";
  }
  if (session.error) logEvent(new CustomEvent('connect-unreachable', { detail: session }));
}

/**
 * With the emulator, the simulator always takes the payment — over Safari's own Apple Pay where there is one,
 * since the emulator's merchant sessions are not Apple's. Real Connect needs the browser's own Apple Pay.
 */
async function installApplePay() {
  const note = $('simulator-note');
  if (session.mode === 'connect') {
    if (!('ApplePaySession' in window)) {
      note.hidden = false;
      note.textContent =
        'Real Connect takes Apple Pay in Safari only, on an https page whose domain is registered for Apple Pay with your Connect merchant.';
    }
    return;
  }
  const { applePaySimulator } = await import('../src/testing/simulator.js');
  const { replacedNative } = applePaySimulator.install({ flavour: 'apple-js-sdk' });
  // The simulated SDK answers applePayCapabilities for any merchant identifier; a real one needs yours.
  button.merchantIdentifier = 'merchant.com.example.tote';
  note.hidden = false;
  if (replacedNative) {
    note.textContent =
      "Simulated Apple Pay: the demo's simulator replaces this browser's own Apple Pay, because the Connect emulator's merchant sessions are not Apple's. No real payment is made.";
  }
  document.documentElement.dataset.applePay = replacedNative
    ? 'simulator-over-native'
    : 'simulator';
}

const copy = $<HTMLButtonElement>('copy');
let copyFeedback: ReturnType<typeof setTimeout>;
/** Copies the snippet, and says so on the button and to assistive technology for a moment. */
async function copySnippet() {
  let copied = true;
  try {
    await navigator.clipboard.writeText($('snippet').textContent ?? '');
  } catch {
    copied = false; // no clipboard permission, or an insecure origin
  }
  copy.textContent = copied ? 'Copied' : 'Copy failed';
  $('copy-status').textContent = copied
    ? 'The snippet is on the clipboard.'
    : 'Copying failed: select the snippet and copy it yourself.';
  clearTimeout(copyFeedback);
  copyFeedback = setTimeout(() => {
    copy.textContent = 'Copy';
    $('copy-status').textContent = '';
  }, 2000);
}

async function main() {
  const chosenType = buttonType.value; // the page's first paint lists only its default
  buttonType.replaceChildren(
    ...BUTTON_TYPES.map((type) => new Option(type, type, false, type === chosenType)),
  );
  renderSnippet();
  await connectToStore();
  await installApplePay();
  // The session is set before the element upgrades, so the button's first availability check asks Connect.
  button.validationTimeout = 5000;
  if (!session.error) button.session = session;
  update();
  await import('../src/index.js');

  for (const control of [
    quantity,
    currency,
    country,
    buttonType,
    buttonStyle,
    locale,
    disabled,
    merchantValidation,
  ]) {
    control.addEventListener('input', update);
  }
  // A new order: the last one's outcome ("Payment cancelled.") no longer applies.
  for (const control of [quantity, currency, country])
    control.addEventListener('input', () => (result.textContent = ''));
  // Only whole numbers: the keys for fractions, exponents and signs do nothing, and a field left with no
  // orderable quantity goes back to the order's.
  quantity.addEventListener('keydown', (event) => {
    if (/^[.,eE+-]$/.test(event.key)) event.preventDefault();
  });
  quantity.addEventListener('change', () => {
    if (fieldQuantity()) return;
    quantity.value = String(orderedQuantity);
    update();
  });
  fault.addEventListener('input', () =>
    fetch('/api/demo/fault', {
      method: 'POST',
      body: JSON.stringify({ clientSessionId: session.clientSessionId, fault: fault.value }),
    }),
  );
  $('clear-log').addEventListener('click', () => log.replaceChildren());
  for (const kind of ['script', 'npm'] as const) {
    $(`tab-${kind}`).addEventListener('click', () => {
      snippetKind = kind;
      $('tab-script').setAttribute('aria-selected', String(kind === 'script'));
      $('tab-npm').setAttribute('aria-selected', String(kind === 'npm'));
      renderSnippet();
    });
  }
  copy.addEventListener('click', copySnippet);
}

main();
