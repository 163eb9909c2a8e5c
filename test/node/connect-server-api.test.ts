// The Connect Server API emulator's own checks, called in-process with web-standard Requests signed as
// Connect documents (the interplay with connect-sdk-nodejs is in example-server.test.ts).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DECLINE_MARKER,
  EMULATOR_CREDENTIALS,
  MAGIC_AMOUNTS,
  clientSessions,
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
