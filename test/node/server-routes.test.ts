// apple-pay-session-button/server's routes as a browser and Connect meet them, against the Connect emulator over
// HTTP: what each answers, that the amount is always the order book's, that bad input gets a clear 4xx with
// nothing charged, and that neither the browser nor the log ever sees what it must not.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplePayServer, LogEntry } from '../../src/server/index.js';
import { MissingDependencyError } from '../../src/server/index.js';
import { loadOptional } from '../../src/server/optional.js';
import { listen } from './support/listen.js';
import {
  CONNECT_WORDS,
  SHOP,
  WEBHOOK_KEY,
  applePayServer,
  applePayToken,
  ask,
  browserRequest,
  emulatedConnect,
  temporaryDir,
  type Emulated,
} from './support/apple-pay-server.js';

let connect: Emulated;
let server: ApplePayServer;
const logged: LogEntry[] = [];
const charge = (orderId: string, token: unknown = applePayToken(), headers = {}) =>
  ask(server, browserRequest('/charge', { body: { orderId, token }, headers }));
const paymentsFor = (orderId: string) =>
  connect.api.payments().filter((p) => p.merchantReference?.startsWith(`${orderId}-`));

beforeAll(async () => {
  connect = await emulatedConnect({ lateMs: 300 });
  server = await applePayServer(connect, {
    logged,
    allowedOrigins: ['https://checkout.example'],
    webhooks: WEBHOOK_KEY,
    deadlines: { payment: 150, leaseMargin: 20 },
    orders: (orderId) =>
      orderId.startsWith('unknown')
        ? undefined
        : { amount: orderId === 'declined' ? 402 : 1250, currencyCode: 'EUR' },
  });
});
afterAll(async () => {
  await server.close();
  await connect.close();
});

describe('POST /session', () => {
  it('answers the four fields the element needs, and nothing more', async () => {
    const { status, body } = await ask(server, browserRequest('/session', { method: 'POST' }));
    expect(status).toBe(201);
    expect(Object.keys(body).sort()).toEqual([
      'assetUrl',
      'clientApiUrl',
      'clientSessionId',
      'customerId',
    ]);
    expect(connect.api.clientSessions.get(body.clientSessionId as string)).toBeDefined();
  });

  it('answers 502 with an errorId when Connect refuses, its words in the log only', async () => {
    connect.api.setFault('5xx-before', 'sessions.create');
    const { status, body, text } = await ask(
      server,
      browserRequest('/session', { method: 'POST' }),
    );
    expect([status, body.error]).toEqual([502, 'client-session-unavailable']);
    expect(text).not.toMatch(CONNECT_WORDS);
    expect(logged.find((e) => e.errorId === body.errorId)?.connect?.errors).toEqual([
      '9999 UNKNOWN_SERVER_ERROR',
    ]);
  });
});

describe('POST /charge', () => {
  it('charges the order book’s amount once, however often and with whatever tokens the order is charged', async () => {
    const first = await charge('order-a', applePayToken());
    expect(first).toMatchObject({ status: 200, body: { status: 0, orderState: 'paid' } });
    const token = applePayToken();
    const again = await Promise.all([
      charge('order-a', token),
      charge('order-a', token),
      charge('order-a'),
    ]);
    for (const answer of again) expect(answer.body).toEqual(first.body);
    expect(paymentsFor('order-a')).toMatchObject([
      { amount: 1250, currencyCode: 'EUR', status: 'PENDING_APPROVAL' },
    ]);
  });

  it('never takes the amount from the browser', async () => {
    await ask(
      server,
      browserRequest('/charge', {
        body: { orderId: 'order-b', token: applePayToken(), amount: 1 },
      }),
    );
    expect(paymentsFor('order-b')).toMatchObject([{ amount: 1250 }]);
  });

  it('answers a decline 402 "open" with an errorId, and the next card may pay', async () => {
    const declined = await charge('order-c', applePayToken({ decline: true }));
    expect(declined).toMatchObject({
      status: 402,
      body: { status: 1, orderState: 'open', errorId: expect.any(String) },
    });
    expect(declined.text).not.toMatch(CONNECT_WORDS);
    expect(logged.find((e) => e.errorId === declined.body.errorId)).toMatchObject({
      event: 'charge.declined',
      connect: { status: 402, errors: ['430330 NOT_AUTHORISED'], paymentStatus: 'REJECTED' },
    });
    const paid = await charge('order-c');
    expect(paid.body).toMatchObject({ status: 0, orderState: 'paid' });
    expect(paymentsFor('order-c').map((p) => [p.merchantReference, p.status])).toEqual([
      ['order-c-1', 'REJECTED'],
      ['order-c-2', 'PENDING_APPROVAL'],
    ]);
  });

  it.each([
    ['late', 202, 'charging'],
    ['lost-after-taking', 200, 'paid'],
    ['5xx-after', 200, 'paid'],
    ['5xx-before', 502, 'open'],
    ['unreachable', 502, 'open'],
  ] as const)(
    'settles what it can when Connect’s answer is %s',
    async (fault, status, orderState) => {
      const orderId = `fault-${fault}`;
      connect.api.setFault(fault, 'payments.create');
      const answer = await charge(orderId);
      expect([answer.status, answer.body.orderState]).toEqual([status, orderState]);
      expect(answer.body.status).toBe(orderState === 'paid' ? 0 : 1);
      expect(answer.text).not.toMatch(CONNECT_WORDS);
    },
  );

  it('says "charging" while Connect still works on a late charge, then "paid" once it has', async () => {
    const fast = await applePayServer(connect, { deadlines: { payment: 50, leaseMargin: 10 } });
    try {
      connect.api.setFault('late', 'payments.create');
      const late = await fast.fetch(
        browserRequest('/charge', { body: { orderId: 'late-1', token: applePayToken() } }),
      );
      expect(await late.json()).toMatchObject({ status: 1, orderState: 'charging' });
      const during = await (await fast.fetch(browserRequest('/orders/late-1'))).json();
      expect(during.state).toBe('charging'); // a 409 from Connect: the first request is still running
      await connect.api.idle();
      const after = await (await fast.fetch(browserRequest('/orders/late-1'))).json();
      expect(after).toEqual({
        orderId: 'late-1',
        state: 'paid',
        paymentId: paymentsFor('late-1')[0]!.id,
      });
    } finally {
      await fast.close();
    }
  }, 40_000);
});

describe('GET /orders/{orderId}', () => {
  it('answers open for an order never charged, and paid with its payment', async () => {
    expect((await ask(server, browserRequest('/orders/fresh'))).body).toEqual({
      orderId: 'fresh',
      state: 'open',
    });
    const paid = await charge('order-d');
    expect((await ask(server, browserRequest('/orders/order-d'))).body).toEqual({
      orderId: 'order-d',
      state: 'paid',
      paymentId: paid.body.paymentId,
    });
  });
});

describe('bad input: a clear 4xx, nothing charged, nothing logged with card data', () => {
  const before = () => connect.api.payments().length;

  it.each<[string, Request, number, string]>([
    [
      'an unknown order',
      browserRequest('/charge', { body: { orderId: 'unknown-1', token: applePayToken() } }),
      404,
      'unknown-order',
    ],
    [
      'an order id that is no order id',
      browserRequest('/charge', { body: { orderId: '../x', token: applePayToken() } }),
      404,
      'unknown-order',
    ],
    ['an unknown order’s state', browserRequest('/orders/unknown-2'), 404, 'unknown-order'],
    ['no token', browserRequest('/charge', { body: { orderId: 'order-e' } }), 400, 'no-token'],
    [
      'a text/plain body (a form or page on another site)',
      browserRequest('/charge', {
        body: JSON.stringify({ orderId: 'order-e', token: applePayToken() }),
        headers: { 'Content-Type': 'text/plain' },
      }),
      415,
      'json-only',
    ],
    [
      'a JSON content type on a body that is not JSON',
      browserRequest('/charge', {
        body: '{"orderId":',
        headers: { 'Content-Type': 'application/json' },
      }),
      415,
      'json-only',
    ],
    [
      'a body of more than 64 KB',
      browserRequest('/charge', {
        body: { orderId: 'order-e', token: applePayToken(), pad: 'x'.repeat(70_000) },
      }),
      413,
      'too-large',
    ],
    [
      'a request from an origin not allowed',
      browserRequest('/charge', {
        body: { orderId: 'order-e', token: applePayToken() },
        headers: { Origin: 'https://evil.example' },
      }),
      403,
      'origin-not-allowed',
    ],
    [
      'a session for an origin not allowed',
      browserRequest('/session', { method: 'POST', headers: { Origin: 'https://evil.example' } }),
      403,
      'origin-not-allowed',
    ],
    [
      'a text/plain session request',
      browserRequest('/session', { body: 'hello', headers: { 'Content-Type': 'text/plain' } }),
      415,
      'json-only',
    ],
    ['a GET of the charge route', browserRequest('/charge'), 405, 'method-not-allowed'],
    ['a route that is not one', browserRequest('/refund', { method: 'POST' }), 404, 'not-found'],
  ])('%s', async (_, request, status, error) => {
    const payments = before();
    const entries = logged.length;
    const answer = await ask(server, request);
    expect([answer.status, answer.body.error]).toEqual([status, error]);
    expect(connect.api.payments()).toHaveLength(payments);
    expect(JSON.stringify(logged.slice(entries))).not.toMatch(/paymentData|c2ln|simulated card/);
  });

  it('serves the allowed origin (with CORS), requests without Origin, and the server’s own origin', async () => {
    const allowed = await ask(
      server,
      browserRequest('/orders/fresh', { headers: { Origin: 'https://checkout.example' } }),
    );
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://checkout.example');
    const preflight = await server.fetch(
      new Request(`${SHOP}/api/apple-pay/charge`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://checkout.example' },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    expect(
      (await ask(server, browserRequest('/orders/fresh', { headers: { Origin: SHOP } }))).status,
    ).toBe(200);
    expect((await ask(server, browserRequest('/orders/fresh'))).status).toBe(200);
  });

  it('refuses a forged webhook with 401, and applies a signed one', async () => {
    const event = JSON.stringify({
      apiVersion: 'v1',
      type: 'payment.captured',
      payment: {
        id: 'forged',
        status: 'CAPTURED',
        paymentOutput: { references: { merchantReference: 'order-f-1' } },
      },
    });
    const signed = (secret: string) =>
      browserRequest('/webhooks', {
        body: event,
        headers: {
          'Content-Type': 'application/json',
          'X-GCS-KeyId': WEBHOOK_KEY.keyId,
          'X-GCS-Signature': createHmac('sha256', secret).update(event).digest('base64'),
        },
      });
    expect((await ask(server, signed('a guess'))).status).toBe(401);
    expect(
      (
        await ask(
          server,
          browserRequest('/webhooks', {
            body: event,
            headers: { 'Content-Type': 'application/json' },
          }),
        )
      ).status,
    ).toBe(401);
    expect((await ask(server, browserRequest('/orders/order-f'))).body.state).toBe('open');
    // Signed, for an order this server never charged: received, and nothing changes.
    expect((await ask(server, signed(WEBHOOK_KEY.secretKey))).status).toBe(200);
    expect((await ask(server, browserRequest('/orders/order-f'))).body.state).toBe('open');
    const verification = await server.fetch(
      browserRequest('/webhooks', {
        headers: { 'X-GCS-Webhooks-Endpoint-Verification': 'check-123' },
      }),
    );
    expect(await verification.text()).toBe('check-123');
  });

  it('settles a charging order from a signed webhook', async () => {
    const fast = await applePayServer(connect, {
      deadlines: { payment: 50, leaseMargin: 10 },
      webhooks: WEBHOOK_KEY,
    });
    const hooks: Request[] = [];
    connect.api.setWebhooks({ ...WEBHOOK_KEY, deliver: (request) => hooks.push(request) });
    try {
      connect.api.setFault('late', 'payments.create');
      await fast.fetch(
        browserRequest('/charge', { body: { orderId: 'hooked', token: applePayToken() } }),
      );
      await connect.api.idle();
      expect(hooks).toHaveLength(1);
      connect.api.setFault('5xx-before'); // Connect's look-ups fail now: only the webhook can tell
      connect.api.setFault('5xx-before');
      const hook = hooks[0]!;
      const delivered = await fast.fetch(
        browserRequest('/webhooks', {
          body: await hook.text(),
          headers: Object.fromEntries(hook.headers),
        }),
      );
      expect(delivered.status).toBe(200);
      connect.api.setFault('none');
      expect(await (await fast.fetch(browserRequest('/orders/hooked'))).json()).toMatchObject({
        state: 'paid',
      });
    } finally {
      connect.api.setFault('none');
      connect.api.setWebhooks(undefined);
      await fast.close();
    }
  }, 40_000);
});

describe('the node:http adapter', () => {
  it('answers under the base path, hands the rest on, and reads the body itself', async () => {
    const http = await listen(
      createServer((req, res) => server.node(req, res, () => res.writeHead(200).end('the shop'))),
    );
    try {
      expect(await (await fetch(`${http.origin}/checkout`)).text()).toBe('the shop');
      const paid = await fetch(`${http.origin}/api/apple-pay/charge`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ orderId: 'order-g', token: applePayToken() }),
      });
      expect(await paid.json()).toMatchObject({ status: 0, orderState: 'paid' });
      const big = await fetch(`${http.origin}/api/apple-pay/charge`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(200_000) }),
      });
      expect(big.status).toBe(413);
    } finally {
      await http.close();
    }
  });
});

describe('the embedded store across a restart', () => {
  it('knows a paid order after the server restarts on the same folder', async () => {
    const dataDir = temporaryDir();
    const first = await applePayServer(connect, { dataDir });
    const paid = await (
      await first.fetch(
        browserRequest('/charge', { body: { orderId: 'kept', token: applePayToken() } }),
      )
    ).json();
    await first.close();
    const second = await applePayServer(connect, { dataDir });
    expect(await (await second.fetch(browserRequest('/orders/kept'))).json()).toEqual({
      orderId: 'kept',
      state: 'paid',
      paymentId: paid.paymentId,
    });
    await second.close();
  });
});

describe('optional dependencies', () => {
  it('names the package to install when one is missing', async () => {
    const error = await loadOptional('connect-sdk-nodejs-not-installed', 'to reach Connect').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MissingDependencyError);
    expect((error as Error).message).toBe(
      'apple-pay-session-button/server needs connect-sdk-nodejs-not-installed to reach Connect: npm install connect-sdk-nodejs-not-installed',
    );
  });
});
