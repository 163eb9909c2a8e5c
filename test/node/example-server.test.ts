// The example merchant server, with connect-sdk-nodejs talking to the Connect Server API emulator over HTTP:
// what the browser gets for a session, a payment, a decline and each kind of failure — and that none of
// Connect's words reach it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectFromEnv } from '../../examples/server/connect-client.js';
import { createMerchantServer } from '../../examples/server/server.js';
import {
  EMULATOR_CREDENTIALS,
  MAGIC_AMOUNTS,
  clientSessions,
  handleServerApi,
} from '../../src/testing/connect-emulator/server-api.js';
import { listen, listenWeb } from './support/listen.js';

const ORDERS: Record<string, { amount: number; currencyCode: string }> = {
  paid: { amount: 1250, currencyCode: 'EUR' },
  declined: { amount: MAGIC_AMOUNTS.declined, currencyCode: 'EUR' },
  unavailable: { amount: MAGIC_AMOUNTS.acquirerUnavailable, currencyCode: 'EUR' },
  broken: { amount: MAGIC_AMOUNTS.platformError, currencyCode: 'EUR' },
  yen: { amount: 1250, currencyCode: 'JPY' },
};

// Words that only Connect's answers contain: none may reach the browser.
const CONNECT_WORDS =
  /NOT_AUTHORISED|430330|INVALID_VALUE|PARAMETER_NOT_FOUND|MISSING_OR_INVALID|encryptedPaymentData|UNKNOWN_SERVER_ERROR|ACQUIRER|CONNECT_PLATFORM|PAYMENT_PLATFORM|requestId/;

const token = (transactionIdentifier = crypto.randomUUID()) => ({
  paymentData: {
    version: 'EC_v1',
    data: 'c2FtcGxl',
    signature: 'c2ln',
    header: { transactionId: 'ab' },
  },
  paymentMethod: { displayName: 'Visa 4242', network: 'Visa', type: 'credit' },
  transactionIdentifier,
});

let emulator: Awaited<ReturnType<typeof listenWeb>>;
const servers: Awaited<ReturnType<typeof listen>>[] = [];
const logged: unknown[][] = [];

async function merchantServer(
  env: Partial<Record<string, string>> = {},
  authorizationMode?: 'SALE',
) {
  const { client, merchantId } = connectFromEnv({
    CONNECT_API_KEY_ID: EMULATOR_CREDENTIALS.apiKeyId,
    CONNECT_SECRET_API_KEY: EMULATOR_CREDENTIALS.secretApiKey,
    CONNECT_MERCHANT_ID: EMULATOR_CREDENTIALS.merchantId,
    CONNECT_API_ENDPOINT: emulator.origin,
    ...env,
  });
  const server = await listen(
    createMerchantServer({
      client,
      merchantId,
      authorizationMode,
      findOrder: (id: string) => ORDERS[id] && { amountOfMoney: ORDERS[id] },
      log: (...entry: unknown[]) => logged.push(entry),
    }),
  );
  servers.push(server);
  return server.origin;
}

async function post(origin: string, path: string, body?: unknown) {
  const response = await fetch(origin + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

beforeAll(async () => {
  emulator = await listenWeb(handleServerApi);
});
afterAll(async () => {
  await Promise.all([...servers, emulator].map((server) => server.close()));
});

describe('POST /api/apple-pay/session', () => {
  it('answers only the four fields the element needs, for a session the emulator knows', async () => {
    const origin = await merchantServer();
    const { status, body } = await post(origin, '/api/apple-pay/session');
    expect(status).toBe(201);
    expect(Object.keys(body).sort()).toEqual([
      'assetUrl',
      'clientApiUrl',
      'clientSessionId',
      'customerId',
    ]);
    expect(body.clientApiUrl).toBe(`${emulator.origin}/client/v1`);
    expect(clientSessions.get(body.clientSessionId as string)?.customerId).toBe(body.customerId);
  });

  it('answers a generic 502 with an errorId when Connect refuses the signature', async () => {
    const origin = await merchantServer({ CONNECT_SECRET_API_KEY: 'not-the-secret' });
    logged.length = 0;
    const { status, body, text } = await post(origin, '/api/apple-pay/session');
    expect(status).toBe(502);
    expect(body).toEqual({ error: 'client-session-unavailable', errorId: expect.any(String) });
    expect(text).not.toMatch(CONNECT_WORDS);
    expect(JSON.stringify(logged)).toContain('MISSING_OR_INVALID_AUTHORIZATION');
    expect(JSON.stringify(logged)).toContain(body.errorId);
  });

  it('answers 502 when Connect cannot be reached', async () => {
    const closed = await listenWeb(handleServerApi);
    await closed.close();
    const origin = await merchantServer({ CONNECT_API_ENDPOINT: closed.origin });
    const { status, body } = await post(origin, '/api/apple-pay/session');
    expect(status).toBe(502);
    expect(body.errorId).toEqual(expect.any(String));
  });
});

describe('POST /api/apple-pay/charge', () => {
  it('charges the token and answers STATUS_SUCCESS with the payment id', async () => {
    const origin = await merchantServer();
    const { status, body } = await post(origin, '/api/apple-pay/charge', {
      orderId: 'paid',
      token: token(),
    });
    expect(status).toBe(201);
    expect(body).toEqual({ status: 0, paymentId: expect.stringMatching(/^\d{6}[0-9a-f]{12}/) });
  });

  it('answers success for a sale too (CAPTURE_REQUESTED), in a zero-decimal currency', async () => {
    const origin = await merchantServer({}, 'SALE');
    const { status, body } = await post(origin, '/api/apple-pay/charge', {
      orderId: 'yen',
      token: token(),
    });
    expect([status, body.status]).toEqual([201, 0]);
  });

  it('charges a token once however often the page sends it', async () => {
    const origin = await merchantServer();
    const sameToken = token();
    const first = await post(origin, '/api/apple-pay/charge', {
      orderId: 'paid',
      token: sameToken,
    });
    const again = await post(origin, '/api/apple-pay/charge', {
      orderId: 'paid',
      token: sameToken,
    });
    const other = await post(origin, '/api/apple-pay/charge', { orderId: 'paid', token: token() });
    expect(again.body.paymentId).toBe(first.body.paymentId);
    expect(other.body.paymentId).not.toBe(first.body.paymentId);
  });

  it('answers STATUS_FAILURE on a 402 decline, with none of Connect’s words', async () => {
    const origin = await merchantServer();
    logged.length = 0;
    const { status, body, text } = await post(origin, '/api/apple-pay/charge', {
      orderId: 'declined',
      token: token(),
    });
    expect(status).toBe(402);
    expect(body).toEqual({ status: 1, errorId: expect.any(String) });
    expect(text).not.toMatch(CONNECT_WORDS);
    // The merchant's log has Connect's answer under the same errorId.
    expect(JSON.stringify(logged)).toMatch(/430330.*REJECTED|REJECTED.*430330/);
    expect(JSON.stringify(logged)).toContain(body.errorId);
  });

  it('answers a generic 502 when Connect answers 400 to a token that is not Apple’s', async () => {
    const origin = await merchantServer();
    logged.length = 0;
    const { status, body, text } = await post(origin, '/api/apple-pay/charge', {
      orderId: 'paid',
      token: { ...token(), paymentData: { version: 'EC_v1' } },
    });
    expect(status).toBe(502);
    expect(body).toEqual({ status: 1, errorId: expect.any(String) });
    expect(text).not.toMatch(CONNECT_WORDS);
    expect(JSON.stringify(logged)).toContain(
      'mobilePaymentMethodSpecificInput.encryptedPaymentData',
    );
  });

  it.each(['unavailable', 'broken'])(
    'answers a generic 502 when the %s platform fails',
    async (orderId) => {
      const origin = await merchantServer();
      const { status, body, text } = await post(origin, '/api/apple-pay/charge', {
        orderId,
        token: token(),
      });
      expect(status).toBe(502);
      expect(body.status).toBe(1);
      expect(text).not.toMatch(CONNECT_WORDS);
    },
  );

  it.each([
    ['no body', undefined],
    ['no token', { orderId: 'paid' }],
    ['an unknown order', { orderId: 'nope', token: token() }],
    ['a token without paymentData', { orderId: 'paid', token: { transactionIdentifier: 'x' } }],
  ])('answers 400 STATUS_FAILURE to %s, without calling Connect', async (_, request) => {
    const origin = await merchantServer();
    const { status, body } = await post(origin, '/api/apple-pay/charge', request);
    expect([status, body.status, body.error]).toEqual([400, 1, 'bad-request']);
  });

  it('answers 405 to a GET and 404 outside its endpoints', async () => {
    const origin = await merchantServer();
    expect((await fetch(`${origin}/api/apple-pay/charge`)).status).toBe(405);
    expect((await fetch(`${origin}/elsewhere`, { method: 'POST' })).status).toBe(404);
  });
});

describe('node examples/server/server.js', () => {
  it('runs with plain Node from the CONNECT_* variables, on the port PORT names', async () => {
    const program = spawn(
      process.execPath,
      [fileURLToPath(new URL('../../examples/server/server.js', import.meta.url))],
      {
        env: {
          PATH: process.env.PATH,
          PORT: '0',
          CONNECT_API_KEY_ID: EMULATOR_CREDENTIALS.apiKeyId,
          CONNECT_SECRET_API_KEY: EMULATOR_CREDENTIALS.secretApiKey,
          CONNECT_MERCHANT_ID: EMULATOR_CREDENTIALS.merchantId,
          CONNECT_API_ENDPOINT: emulator.origin,
        },
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
      const session = await post(origin, '/api/apple-pay/session');
      expect(session.status).toBe(201);
      const charge = await post(origin, '/api/apple-pay/charge', {
        orderId: 'order-1',
        token: token(),
      });
      expect([charge.status, charge.body.status]).toEqual([201, 0]);
    } finally {
      program.kill();
    }
  });

  it('refuses to start without its configuration', async () => {
    const program = spawn(
      process.execPath,
      [fileURLToPath(new URL('../../examples/server/server.js', import.meta.url))],
      { env: { PATH: process.env.PATH }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    program.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const code = await new Promise((resolve) => program.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain('Set CONNECT_API_KEY_ID, CONNECT_SECRET_API_KEY');
  });
});
