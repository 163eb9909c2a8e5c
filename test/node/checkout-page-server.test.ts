// examples/checkout-page/server.js run as a reader runs it, with `node`: it serves its sample orders against the
// Connect emulator, or says what to set; it never exits without a word.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  EMULATOR_CREDENTIALS,
  startConnectEmulator,
  type RunningEmulator,
} from 'apple-pay-session-button/testing/connect-emulator/node';
import { afterAll, describe, expect, it } from 'vitest';

const program = fileURLToPath(new URL('../../examples/checkout-page/server.js', import.meta.url));
/** The environment without any CONNECT_* variable of the machine running the tests. */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('CONNECT_')),
);
let shop: ChildProcess | undefined;
let connect: RunningEmulator | undefined;
afterAll(async () => {
  shop?.kill();
  await connect?.close();
});

describe('node examples/checkout-page/server.js', () => {
  it('says what to set when the Connect variables are missing', () => {
    const { status, stdout, stderr } = spawnSync(process.execPath, [program], {
      encoding: 'utf8',
      env: cleanEnv,
      timeout: 10_000,
    });
    expect({ status, stdout }).toEqual({ status: 2, stdout: '' });
    expect(stderr).toMatch(
      /^Set CONNECT_API_KEY_ID, CONNECT_SECRET_API_KEY, CONNECT_MERCHANT_ID, CONNECT_API_ENDPOINT\./,
    );
    expect(stderr).toContain('npx apple-pay-session-button-emulator');
  });

  it('prints how to run it for --help', () => {
    const { status, stdout } = spawnSync(process.execPath, [program, '--help'], {
      encoding: 'utf8',
      env: cleanEnv,
      timeout: 10_000,
    });
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: node examples\/checkout-page\/server\.js/);
  });

  it('serves the checkout page and the element against the emulator, and prints where', async () => {
    connect = await startConnectEmulator({ port: 0 });
    shop = spawn(process.execPath, [program], {
      env: {
        ...cleanEnv,
        CONNECT_API_ENDPOINT: connect.url,
        CONNECT_API_KEY_ID: EMULATOR_CREDENTIALS.apiKeyId,
        CONNECT_SECRET_API_KEY: EMULATOR_CREDENTIALS.secretApiKey,
        CONNECT_MERCHANT_ID: EMULATOR_CREDENTIALS.merchantId,
        PORT: '0',
      },
    });
    const lines = createInterface({ input: shop.stdout! })[Symbol.asyncIterator]();
    const printed = (await lines.next()).value as string;
    expect(printed).toMatch(/^Checkout page on http:\/\/localhost:\d+\/checkout\?order=basket$/);
    const url = printed.replace('Checkout page on ', '');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    await expect(page.text()).resolves.toContain(
      '<apple-pay-session-button data-order-id="basket"',
    );
    const element = await fetch(new URL('/apple-pay-session-button.iife.js', url));
    expect(element.status).toBe(200);
    const session = await fetch(new URL('/api/apple-pay/session', url), { method: 'POST' });
    expect(session.status).toBe(201);
    await expect(session.json()).resolves.toHaveProperty(
      'clientApiUrl',
      `${connect.url}/client/v1`,
    );
  });
});
