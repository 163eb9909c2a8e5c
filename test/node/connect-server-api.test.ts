// The Connect Server API emulator's own checks, called in-process with web-standard Requests signed as
// Connect documents: authentication, bodies, idempotence, look-ups, webhooks and faults (the interplay with
// connect-sdk-nodejs is in the server's tests).
import { createHmac } from 'node:crypto';
import connectSdk from 'connect-sdk-nodejs';
import { describe, expect, it } from 'vitest';
import {
  DECLINE_MARKER,
  EMULATOR_CREDENTIALS,
  MAGIC_AMOUNTS,
  clientSessions,
  createServerApi,
  handleServerApi,
} from '../../src/testing/connect-emulator/server-api.js';

const BASE = 'http://connect.test';
const PAYMENTS = `/v1/${EMULATOR_CREDENTIALS.merchantId}/payments`;
const SESSIONS = `/v1/${EMULATOR_CREDENTIALS.merchantId}/sessions`;

interface Signing {
  secret?: string;
  keyId?: string;
  date?: Date;
  headers?: Record<string, string>;
}

function signedRequest(path: string, body: unknown, signing: Signing = {}): Request {
  const date = (signing.date ?? new Date()).toUTCString();
  const gcs = Object.entries(signing.headers ?? {})
    .map(([name, value]) => `${name.toLowerCase()}:${value}\n`)
    .sort()
    .join('');
  const signature = createHmac('sha256', signing.secret ?? EMULATOR_CREDENTIALS.secretApiKey)
    .update(`POST\napplication/json\n${date}\n${gcs}${path}\n`)
    .digest('base64');
  return new Request(BASE + path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Date: date,
      Authorization: `GCS v1HMAC:${signing.keyId ?? EMULATOR_CREDENTIALS.apiKeyId}:${signature}`,
      ...signing.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const paymentData = JSON.stringify({
  version: 'EC_v1',
  data: 'ZGF0YQ==',
  signature: 'c2ln',
  header: {},
});
const paymentBody = (amount: unknown = 1000, input: Record<string, unknown> = {}) => ({
  order: { amountOfMoney: { amount, currencyCode: 'EUR' } },
  mobilePaymentMethodSpecificInput: {
    paymentProductId: 302,
    encryptedPaymentData: paymentData,
    ...input,
  },
});

/** The parts of Connect's answers these tests read. */
interface ConnectAnswer {
  errorId: string;
  errors: { code: string; id: string; propertyName?: string; httpStatusCode: number }[];
  clientSessionId: string;
  customerId: string;
}

async function answer(request: Request) {
  const response = await handleServerApi(request);
  if (!response) throw new Error('not answered');
  return { status: response.status, body: (await response.json()) as ConnectAnswer };
}

const firstError = (body: ConnectAnswer) => body.errors[0]!;

describe('Connect Server API emulator', () => {
  it('leaves other paths alone', async () => {
    expect(await handleServerApi(new Request(`${BASE}/client/v1/x/products/302`))).toBeUndefined();
    expect(
      await handleServerApi(new Request(`${BASE}/v1/1234/payments/1/approve`)),
    ).toBeUndefined();
  });

  it('creates a client session that the Client API side can look up', async () => {
    const { status, body } = await answer(signedRequest(SESSIONS, { tokens: ['t1'] }));
    expect(status).toBe(201);
    expect(body).toMatchObject({
      clientApiUrl: `${BASE}/client/v1`,
      assetUrl: `${BASE}/assets/`,
      invalidTokens: ['t1'],
      region: 'EU',
    });
    expect(clientSessions.get(body.clientSessionId)).toMatchObject({
      customerId: body.customerId,
      merchantId: EMULATOR_CREDENTIALS.merchantId,
    });
    expect(clientSessions.get('unknown')).toBeUndefined();
  });

  it.each<[string, Signing]>([
    ['a wrong secret', { secret: 'guess' }],
    ['an unknown key id', { keyId: 'someone-else' }],
    ['a Date an hour old', { date: new Date(Date.now() - 3_600_000) }],
  ])('refuses %s with 401 9002', async (_, signing) => {
    const { status, body } = await answer(signedRequest(SESSIONS, {}, signing));
    expect(status).toBe(401);
    expect(firstError(body)).toMatchObject({
      code: '9002',
      id: 'MISSING_OR_INVALID_AUTHORIZATION',
    });
  });

  it('signs the X-GCS headers too: changing one after signing is refused', async () => {
    const signed = signedRequest(SESSIONS, {}, { headers: { 'X-GCS-ServerMetaInfo': 'e30=' } });
    expect((await answer(signed.clone())).status).toBe(201);
    signed.headers.set('X-GCS-ServerMetaInfo', 'changed');
    expect((await answer(signed)).status).toBe(401);
  });

  it('refuses another merchant with 403 and a body that is not JSON with 400', async () => {
    const other = await answer(signedRequest('/v1/9999/sessions', {}));
    expect([other.status, firstError(other.body).code]).toEqual([403, '9007']);
    const garbled = await answer(signedRequest(SESSIONS, '{not json'));
    expect(garbled.status).toBe(400);
  });

  it.each<[string, unknown, string]>([
    [
      'no amount',
      { order: { amountOfMoney: { currencyCode: 'EUR' } } },
      'order.amountOfMoney.amount',
    ],
    ['a decimal amount', paymentBody(12.5), 'order.amountOfMoney.amount'],
    ['no Apple Pay input', { order: paymentBody().order }, 'mobilePaymentMethodSpecificInput'],
    [
      'Google Pay’s product',
      paymentBody(1000, { paymentProductId: 320 }),
      'mobilePaymentMethodSpecificInput.paymentProductId',
    ],
    [
      'a token that is not Apple’s paymentData',
      paymentBody(1000, { encryptedPaymentData: '{"data":1}' }),
      'mobilePaymentMethodSpecificInput.encryptedPaymentData',
    ],
    [
      'an unknown authorization mode',
      paymentBody(1000, { authorizationMode: 'LATER' }),
      'mobilePaymentMethodSpecificInput.authorizationMode',
    ],
  ])('answers 400 with the propertyName for %s', async (_, body, propertyName) => {
    const { status, body: error } = await answer(signedRequest(PAYMENTS, body));
    expect(status).toBe(400);
    expect(error.errorId).toEqual(expect.any(String));
    expect(firstError(error)).toMatchObject({ propertyName, httpStatusCode: 400 });
  });

  it('approves: held for approval by default, queued for capture for a sale', async () => {
    const held = await answer(signedRequest(PAYMENTS, paymentBody()));
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({
      payment: {
        status: 'PENDING_APPROVAL',
        statusOutput: { statusCategory: 'PENDING_MERCHANT' },
        paymentOutput: { amountOfMoney: { amount: 1000, currencyCode: 'EUR' } },
      },
    });
    const sale = await answer(
      signedRequest(PAYMENTS, paymentBody(1000, { authorizationMode: 'SALE' })),
    );
    expect(sale.body).toMatchObject({ payment: { status: 'CAPTURE_REQUESTED' } });
  });

  it('declines the magic amount with a 402 PaymentErrorResponse', async () => {
    const { status, body } = await answer(
      signedRequest(PAYMENTS, paymentBody(MAGIC_AMOUNTS.declined)),
    );
    expect(status).toBe(402);
    expect(firstError(body)).toMatchObject({ code: '430330', httpStatusCode: 402 });
    expect(body).toMatchObject({
      paymentResult: {
        payment: {
          status: 'REJECTED',
          statusOutput: { statusCategory: 'UNSUCCESSFUL', isAuthorized: false },
        },
      },
    });
  });

  it('declines a test token whose data carries the decline marker, whatever the amount', async () => {
    const data = Buffer.from(`simulated card 0002 ${DECLINE_MARKER}`).toString('base64');
    const encryptedPaymentData = JSON.stringify({
      version: 'EC_v1',
      data,
      signature: 'c2ln',
      header: {},
    });
    const { status, body } = await answer(
      signedRequest(PAYMENTS, paymentBody(1000, { encryptedPaymentData })),
    );
    expect(status).toBe(402);
    expect(body).toMatchObject({ paymentResult: { payment: { status: 'REJECTED' } } });
  });

  it('answers a repeated idempotence key with the first payment', async () => {
    const headers = { 'X-GCS-Idempotence-Key': crypto.randomUUID() };
    const first = await answer(signedRequest(PAYMENTS, paymentBody(), { headers }));
    const again = await handleServerApi(signedRequest(PAYMENTS, paymentBody(), { headers }));
    expect(again!.headers.get('X-GCS-Idempotence-Request-Timestamp')).toMatch(/^\d+$/);
    expect(await again!.json()).toEqual(first.body);
  });
});

/** A signed request of any method, as connect-sdk-nodejs signs it (it sends a JSON content type on GETs too). */
function signed(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const date = new Date().toUTCString();
  const gcs = Object.entries(headers)
    .map(([name, value]) => `${name.toLowerCase()}:${value}\n`)
    .sort()
    .join('');
  const signature = createHmac('sha256', EMULATOR_CREDENTIALS.secretApiKey)
    .update(`${method}\napplication/json\n${date}\n${gcs}${path}\n`)
    .digest('base64');
  return new Request(BASE + path, {
    method,
    headers: {
      'Content-Type': 'application/json',
      Date: date,
      Authorization: `GCS v1HMAC:${EMULATOR_CREDENTIALS.apiKeyId}:${signature}`,
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const referenced = (merchantReference: string, amount = 1000) => {
  const body = paymentBody(amount);
  return { ...body, order: { ...body.order, references: { merchantReference } } };
};

describe('Connect Server API emulator: what a charge path meets', () => {
  const keyed = (key: string) => ({ 'X-GCS-Idempotence-Key': key });

  it('repeats a finished request’s answer, a 500 included, with the first request’s timestamp', async () => {
    const api = createServerApi({ fault: () => '5xx-before' });
    const first = await api.handle(signed('POST', PAYMENTS, referenced('o-1'), keyed('k1')));
    expect(first!.status).toBe(500);
    expect(first!.headers.get('X-GCS-Idempotence-Request-Timestamp')).toBeNull();
    const again = await api.handle(signed('POST', PAYMENTS, referenced('o-1'), keyed('k1')));
    expect(again!.status).toBe(500);
    expect(Number(again!.headers.get('X-GCS-Idempotence-Request-Timestamp'))).toBeGreaterThan(0);
    expect(await again!.json()).toEqual(await first!.json());
    expect(api.payments()).toEqual([]);
  });

  it('answers 409 while the first request with the key is still running, and makes one payment', async () => {
    const api = createServerApi({
      lateMs: 50,
      fault: (call) => (call.idempotenceKey === 'k2' ? 'late' : 'none'),
    });
    const first = api.handle(signed('POST', PAYMENTS, referenced('o-2'), keyed('k2')));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const during = await api.handle(signed('POST', PAYMENTS, referenced('o-2'), keyed('k2')));
    expect(during!.status).toBe(409);
    expect((await first)!.status).toBe(201);
    const after = await api.handle(signed('POST', PAYMENTS, referenced('o-2'), keyed('k2')));
    expect(after!.status).toBe(201);
    expect(after!.headers.get('X-GCS-Idempotence-Request-Timestamp')).toMatch(/^\d+$/);
    expect(api.payments()).toHaveLength(1);
  });

  it('makes the payment and loses the answer (lost-after-taking), or answers 500 after taking it', async () => {
    for (const fault of ['lost-after-taking', '5xx-after'] as const) {
      const api = createServerApi({ fault: () => fault });
      const response = await api.handle(signed('POST', PAYMENTS, referenced('o-3'), keyed('k3')));
      expect(fault === '5xx-after' ? response!.status : response!.type).toBe(
        fault === '5xx-after' ? 500 : 'error',
      );
      expect(api.payments()).toMatchObject([
        { merchantReference: 'o-3', idempotenceKey: 'k3', amount: 1000 },
      ]);
    }
  });

  it('drops an unreachable request before taking its key: a repeat is a first request', async () => {
    let fault: 'unreachable' | 'none' = 'unreachable';
    const api = createServerApi({ fault: () => fault });
    expect((await api.handle(signed('POST', PAYMENTS, referenced('o-4'), keyed('k4'))))!.type).toBe(
      'error',
    );
    fault = 'none';
    const repeat = await api.handle(signed('POST', PAYMENTS, referenced('o-4'), keyed('k4')));
    expect(repeat!.status).toBe(201);
    expect(repeat!.headers.get('X-GCS-Idempotence-Request-Timestamp')).toBeNull();
  });

  it('gets a payment and finds an order’s payments by merchantReference', async () => {
    const api = createServerApi();
    const created = await (await api.handle(signed('POST', PAYMENTS, referenced('o-5'))))!.json();
    await api.handle(signed('POST', PAYMENTS, referenced('o-6', MAGIC_AMOUNTS.declined)));
    const got = await api.handle(signed('GET', `${PAYMENTS}/${created.payment.id}`));
    expect(await got!.json()).toMatchObject({
      id: created.payment.id,
      status: 'PENDING_APPROVAL',
      paymentOutput: { references: { merchantReference: 'o-5' } },
    });
    expect((await api.handle(signed('GET', `${PAYMENTS}/000000unknown`)))!.status).toBe(404);
    const found = await (await api.handle(
      signed('GET', `${PAYMENTS}?merchantReference=o-6`),
    ))!.json();
    expect(found).toMatchObject({ totalCount: 1, payments: [{ status: 'REJECTED' }] });
    const none = await (await api.handle(
      signed('GET', `${PAYMENTS}?merchantReference=o-7`),
    ))!.json();
    expect(none).toMatchObject({ totalCount: 0, payments: [] });
    expect((await api.handle(signed('GET', PAYMENTS)))!.status).toBe(400);
  });

  it('sends signed webhooks that connect-sdk-nodejs’s webhooks helper accepts, and a forged one it refuses', async () => {
    const delivered: Request[] = [];
    const api = createServerApi({
      webhooks: {
        keyId: 'hook-key',
        secretKey: 'hook-secret',
        deliver: (request) => delivered.push(request),
      },
    });
    await api.handle(signed('POST', PAYMENTS, referenced('o-8')));
    await api.idle();
    expect(delivered).toHaveLength(1);
    const helper = connectSdk.webhooks.v1.init({
      getSecretKey: async (keyId) =>
        keyId === 'hook-key' ? 'hook-secret' : Promise.reject(new Error('unknown key')),
    });
    const body = await delivered[0]!.text();
    const headers = Object.fromEntries(delivered[0]!.headers);
    const event = await helper.unmarshal(body, headers);
    expect(event).toMatchObject({
      apiVersion: 'v1',
      type: 'payment.pending_approval',
      payment: {
        status: 'PENDING_APPROVAL',
        paymentOutput: { references: { merchantReference: 'o-8' } },
      },
    });
    await expect(helper.unmarshal(body.replace('o-8', 'o-9'), headers)).rejects.toThrow();
  });
});
