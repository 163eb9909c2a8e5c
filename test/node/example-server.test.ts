// examples/server: the routes mounted in a shop's own node:http server, as a merchant runs it — with plain Node,
// the package by its name, the Connect emulator in place of Connect.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopServer } from '../../examples/server/server.js';
import { EMULATOR_CREDENTIALS } from '../../src/testing/connect-emulator/node.js';
import { listen } from './support/listen.js';
import {
  applePayToken,
  emulatedConnect,
  temporaryDir,
  type Emulated,
} from './support/apple-pay-server.js';

let connect: Emulated;
const env = () => ({
  CONNECT_API_KEY_ID: EMULATOR_CREDENTIALS.apiKeyId,
  CONNECT_SECRET_API_KEY: EMULATOR_CREDENTIALS.secretApiKey,
  CONNECT_MERCHANT_ID: EMULATOR_CREDENTIALS.merchantId,
  CONNECT_API_ENDPOINT: connect.emulator.url,
});
const post = (url: string, body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  connect = await emulatedConnect();
});
afterAll(() => connect.close());

describe('examples/server/server.js', () => {
  it('serves the routes in the shop’s server and hands the rest on', async () => {
    const orders = new Map([['order-9', { amount: 990, currencyCode: 'EUR' }]]);
    const shop = await listen(
      await createShopServer(env(), (id) => orders.get(id), {
        dataDir: temporaryDir(),
        log: () => undefined,
      }),
    );
    try {
      expect((await fetch(`${shop.origin}/elsewhere`)).status).toBe(404);
      expect((await post(`${shop.origin}/api/apple-pay/session`, {})).status).toBe(201);
      const paid = await post(`${shop.origin}/api/apple-pay/charge`, {
        orderId: 'order-9',
        token: applePayToken(),
      });
      expect(await paid.json()).toMatchObject({ status: 0, orderState: 'paid' });
      const state = await (await fetch(`${shop.origin}/api/apple-pay/orders/order-9`)).json();
      expect(state).toMatchObject({ orderId: 'order-9', state: 'paid' });
      expect(connect.api.payments()).toMatchObject([
        { amount: 990, merchantReference: 'order-9-1' },
      ]);
    } finally {
      await shop.close();
    }
  });

  it('runs with plain Node from the CONNECT_* variables, on the port PORT names', async () => {
    const program = spawn(
      process.execPath,
      [fileURLToPath(new URL('../../examples/server/server.js', import.meta.url))],
      {
        cwd: temporaryDir(),
        env: { PATH: process.env.PATH, PORT: '0', ...env() },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const origin = await new Promise<string>((resolve, reject) => {
        program.stdout.setEncoding('utf8').on('data', (line: string) => {
          const port = line.match(/localhost:(\d+)/)?.[1];
          if (port) resolve(`http://127.0.0.1:${port}`);
        });
        program.on('exit', (code) => reject(new Error(`server.js exited with ${code}`)));
      });
      const charge = await post(`${origin}/api/apple-pay/charge`, {
        orderId: 'order-1',
        token: applePayToken(),
      });
      expect([charge.status, (await charge.json()).status]).toEqual([200, 0]);
    } finally {
      program.kill();
    }
  });
});
