// Apple's JS SDK loaded after the element (an async or deferred script): the button, hidden as unsupported at
// first, must come alive when the SDK arrives. Its own file: <apple-pay-button> must not be defined yet.
import { expect, it } from 'vitest';
import { appleJsSdk, installAppleJsSdk } from '../src/testing/apple-js-sdk.js';
import { uninstallApplePay } from '../src/testing/apple-pay-session.js';
import { markupButton, recordEvents, until } from './support/fixtures.js';

it('comes alive when Apple’s JS SDK loads after it', async () => {
  uninstallApplePay(); // a third-party browser before the SDK's script has run
  const events = recordEvents(['apple-pay-availability']);
  const el = await markupButton({ 'merchant-identifier': 'merchant.com.example.shop' });
  await until(() => events.length === 1);
  expect(events[0]!.detail).toEqual({ available: false, reason: 'unsupported' });

  installAppleJsSdk();
  await until(() => el.available);
  expect(events.at(-1)!.detail).toEqual({
    available: true,
    credentialStatus: appleJsSdk.credentialStatus,
  });
  await el.updateComplete;
  expect(el.shadowRoot!.querySelector('apple-pay-button')).not.toBeNull();
  expect(el.shadowRoot!.querySelector('button')).toBeNull();
});
