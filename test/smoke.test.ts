import { describe, expect, it } from 'vitest';
import { applePay } from './support/apple-pay-session-double.js';
import { connectApi } from './support/connect-api-double.js';
import { click, payButton, recordEvents, until } from './support/fixtures.js';

describe('smoke', () => {
  it('validates the merchant after a click', async () => {
    const events = recordEvents();
    const el = await payButton();
    await click(el);
    await until(() => events.some((e) => e.type === 'apple-pay-merchant-validated'));
    expect(connectApi.requests).toHaveLength(1);
    expect(applePay.last.merchantSession).toBeTypeOf('object');
  });
});
