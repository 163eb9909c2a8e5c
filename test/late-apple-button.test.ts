// ApplePaySession already there, Apple's <apple-pay-button> defined a moment later (an SDK that defines its
// element after its session class): the look-alike gives way to Apple's button. Its own file: the tag must not
// be defined yet.
import { expect, it } from 'vitest';
import { installAppleJsSdk } from '../src/testing/apple-js-sdk.js';
import { markupButton, until } from './support/fixtures.js';

it('swaps the look-alike for Apple’s button when the SDK defines it', async () => {
  const el = await markupButton();
  await until(() => el.available);
  expect(el.shadowRoot!.querySelector('button.lookalike')).not.toBeNull();

  installAppleJsSdk();
  await until(() => el.shadowRoot!.querySelector('apple-pay-button') !== null);
  expect(el.shadowRoot!.querySelector('button')).toBeNull();
  expect(el.shadowRoot!.querySelectorAll('[part=button]')).toHaveLength(1);
});
