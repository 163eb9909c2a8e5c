import { Session } from 'connect-sdk-client-js';
import { describe, expect, it } from 'vitest';
import {
  clientApiBaseUrl,
  clientMetaInfo,
  createMerchantSession,
  getPaymentProduct,
  type ClientSession,
} from '../src/connect-client.js';
import { ApplePaySessionButtonError } from '../src/errors.js';
import {
  connectApi,
  dropConnection,
  hang,
  json,
  merchantSessionResponse,
  productResponse,
  sampleMerchantSession,
} from './support/connect-api-double.js';
import {
  CLIENT_API_URL,
  CLIENT_SESSION_ID,
  CUSTOMER_ID,
  DISPLAY_NAME,
} from './support/fixtures.js';

const session: ClientSession = {
  clientSessionId: CLIENT_SESSION_ID,
  customerId: CUSTOMER_ID,
  clientApiUrl: CLIENT_API_URL,
};
const input = {
  displayName: DISPLAY_NAME,
  domainName: 'shop.example.com',
  validationUrl: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
};
const metaInfo = clientMetaInfo(innerWidth, innerHeight, navigator.userAgent);
const options = () => ({ metaInfo, signal: new AbortController().signal });
const decode = (header: string | null) => JSON.parse(atob(header ?? ''));

async function rejection(promise: Promise<unknown>): Promise<ApplePaySessionButtonError> {
  const error = await promise.then(
    () => expect.unreachable('should have rejected'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplePaySessionButtonError);
  return error as ApplePaySessionButtonError;
}

describe('clientApiBaseUrl', () => {
  it.each([
    ['https://ams1.preprod.api-ingenico.com', 'https://ams1.preprod.api-ingenico.com/client/v1'],
    ['https://ams1.preprod.api-ingenico.com/', 'https://ams1.preprod.api-ingenico.com/client/v1'],
    [
      'https://ams1.preprod.api-ingenico.com/client',
      'https://ams1.preprod.api-ingenico.com/client/v1',
    ],
    [
      'https://ams1.preprod.api-ingenico.com/client/v1',
      'https://ams1.preprod.api-ingenico.com/client/v1',
    ],
    [
      'https://ams1.preprod.api-ingenico.com/client/v1/',
      'https://ams1.preprod.api-ingenico.com/client/v1',
    ],
    ['http://localhost:5173/client/v1', 'http://localhost:5173/client/v1'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/client/v1'],
  ])('normalises %s', (url, expected) => {
    expect(clientApiBaseUrl(url)).toBe(expected);
  });

  it('gives the same base as connect-sdk-client-js for the forms both accept', () => {
    for (const url of [
      'https://eu.api-ingenico.com',
      'https://eu.api-ingenico.com/client',
      'https://eu.api-ingenico.com/client/v1',
    ]) {
      const reference = new Session({
        ...session,
        clientApiUrl: url,
        assetUrl: 'https://assets.example/',
      });
      expect(clientApiBaseUrl(url)).toBe(reference.clientApiUrl);
    }
  });

  it.each([
    ['http://api.example.com/client/v1', /https/],
    ['ftp://api.example.com', /https/],
    ['api.example.com/client/v1', /must be https:\/\//],
    ['https://api.example.com/client/v2', /\/client\/v1/],
    ['https://api.example.com/v1', /\/client\/v1/],
  ])('refuses %s', (url, message) => {
    expect(() => clientApiBaseUrl(url)).toThrow(message);
    expect(() => clientApiBaseUrl(url)).toThrow(expect.objectContaining({ code: 'configuration' }));
  });
});

describe('createMerchantSession', () => {
  it('sends what connect-sdk-client-js sends, byte for byte but for the SDK names', async () => {
    connectApi.respond(() => merchantSessionResponse());
    const reference = new Session({ ...session, assetUrl: 'https://assets.example/' });
    await reference.createPaymentProductSession(302, input);
    const theirs = connectApi.last;

    await createMerchantSession(session, 302, input, options());
    const ours = connectApi.last;

    expect(connectApi.requests).toHaveLength(2);
    expect(ours.url).toBe(theirs.url);
    expect(ours.url).toBe(`${CLIENT_API_URL}/${CUSTOMER_ID}/products/302/sessions`);
    expect(ours.method).toBe(theirs.method);
    expect(ours.body).toBe(theirs.body);
    expect(ours.headers.get('Authorization')).toBe(theirs.headers.get('Authorization'));
    expect(ours.headers.get('Authorization')).toBe(`GCS v1Client:${CLIENT_SESSION_ID}`);
    expect(ours.headers.get('Content-Type')).toBe(theirs.headers.get('Content-Type'));
    const [ourMeta, theirMeta] = [
      decode(ours.headers.get('X-GCS-ClientMetaInfo')),
      decode(theirs.headers.get('X-GCS-ClientMetaInfo')),
    ];
    expect(ourMeta).toEqual({
      ...theirMeta,
      sdkIdentifier: expect.stringMatching(/^ApplePaySessionButton\/\d+\.\d+\.\d+/),
      sdkCreator: 'apple-pay-session-button',
    });
    expect(theirMeta.sdkIdentifier).toMatch(/^JavaScriptClientSDK/);
  });

  it('encodes path segments so that no customer id can change the endpoint', async () => {
    await createMerchantSession(
      { ...session, customerId: '../../../products?x=1#' },
      302,
      input,
      options(),
    );
    const url = new URL(connectApi.last.url);
    expect(url.pathname).toBe(
      '/client/v1/..%2F..%2F..%2Fproducts%3Fx%3D1%23/products/302/sessions',
    );
    expect(url.search).toBe('');
  });

  it('returns the parsed merchant session object', async () => {
    await expect(createMerchantSession(session, 302, input, options())).resolves.toEqual(
      sampleMerchantSession,
    );
  });

  it('keeps the whole ErrorResponse for logs but never repeats its message', async () => {
    const body = {
      errorId: 'e-400',
      errors: [
        {
          code: '20000000',
          propertyName: 'paymentProductSession302SpecificInput.domainName',
          message: 'PARAMETER_NOT_FOUND_IN_REQUEST',
          httpStatusCode: 400,
          category: 'CONNECT_PLATFORM_ERROR',
          id: 'PARAMETER_NOT_FOUND_IN_REQUEST',
          requestId: 'r1',
        },
      ],
    };
    connectApi.respond(() => json(400, body));
    const error = await rejection(createMerchantSession(session, 302, input, options()));
    expect(error).toMatchObject({
      code: '20000000',
      status: 400,
      errorId: 'e-400',
      errors: body.errors,
    });
    expect(error.message).toContain('paymentProductSession302SpecificInput.domainName');
    expect(error.message).not.toContain('PARAMETER_NOT_FOUND_IN_REQUEST');
  });

  it.each([
    [
      'a 502 with an HTML body',
      () => new Response('<html>Bad gateway</html>', { status: 502 }),
      502,
    ],
    ['a 500 with JSON that is no ErrorResponse', () => json(500, { oops: true }), 500],
    [
      'a 200 that is not JSON',
      () => new Response('{"paymentProductSession302', { status: 200 }),
      200,
    ],
    [
      'a 200 without sessionObject',
      () => json(200, { paymentProductSession302SpecificOutput: {} }),
      200,
    ],
    [
      'a sessionObject that is not JSON',
      () => json(200, { paymentProductSession302SpecificOutput: { sessionObject: '{nope' } }),
      200,
    ],
    [
      'a sessionObject that is JSON but no object',
      () => json(200, { paymentProductSession302SpecificOutput: { sessionObject: '"text"' } }),
      200,
    ],
    [
      'a sessionObject that is already an object',
      () => json(200, { paymentProductSession302SpecificOutput: { sessionObject: {} } }),
      200,
    ],
  ])('calls %s an invalid response', async (_, responder, status) => {
    connectApi.respond(responder);
    const error = await rejection(createMerchantSession(session, 302, input, options()));
    expect(error).toMatchObject({ code: 'invalid-response', status, errors: [] });
  });

  it('calls a dropped connection a network error', async () => {
    connectApi.respond(dropConnection);
    const error = await rejection(createMerchantSession(session, 302, input, options()));
    expect(error.code).toBe('network');
    expect(error.status).toBeUndefined();
  });

  it('rejects with the caller’s reason when cancelled, and aborts the request', async () => {
    connectApi.respond(hang);
    const cancel = new AbortController();
    const pending = createMerchantSession(session, 302, input, {
      ...options(),
      signal: cancel.signal,
    });
    await Promise.resolve();
    const reason = new DOMException('cancelled', 'AbortError');
    cancel.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(connectApi.last.signal.aborted).toBe(true);
  });
});

describe('getPaymentProduct', () => {
  const context = { countryCode: 'NL', currencyCode: 'EUR', amount: 1250, locale: 'nl_NL' };

  it('asks what connect-sdk-client-js asks, less its cache-buster (we send no-store instead)', async () => {
    const reference = new Session({ ...session, assetUrl: 'https://assets.example/' });
    await reference.getPaymentProduct(302, {
      totalAmount: 1250,
      countryCode: 'NL',
      currency: 'EUR',
      locale: 'nl_NL',
      isRecurring: false,
    });
    const theirs = new URL(connectApi.productRequests.at(-1)!.url);
    theirs.searchParams.delete('cacheBust');

    await getPaymentProduct(session, 302, context, options());
    const ours = connectApi.productRequests.at(-1)!;
    expect(connectApi.productRequests).toHaveLength(2);
    expect(ours.url).toBe(theirs.href);
    expect(ours.url).toBe(
      `${CLIENT_API_URL}/${CUSTOMER_ID}/products/302?countryCode=NL&isRecurring=false&amount=1250&currencyCode=EUR&locale=nl_NL`,
    );
    expect(ours.method).toBe('GET');
    expect(ours.headers.get('Authorization')).toBe(`GCS v1Client:${CLIENT_SESSION_ID}`);
  });

  it('answers the product, or undefined when Connect does not offer it (404)', async () => {
    connectApi.respondToProduct(() => productResponse(['VISA']));
    await expect(getPaymentProduct(session, 302, context, options())).resolves.toMatchObject({
      paymentProduct302SpecificData: { networks: ['VISA'] },
    });
    connectApi.respondToProduct(() =>
      json(404, { errorId: 'x', errors: [{ code: '1007', message: 'UNKNOWN_PRODUCT_ID' }] }),
    );
    await expect(getPaymentProduct(session, 302, context, options())).resolves.toBeUndefined();
  });

  it('rejects other failures as errors', async () => {
    connectApi.respondToProduct(() =>
      json(401, {
        errorId: 'x',
        errors: [{ code: '9002', message: 'MISSING_OR_INVALID_AUTHORIZATION' }],
      }),
    );
    const error = await rejection(getPaymentProduct(session, 302, context, options()));
    expect(error).toMatchObject({ code: '9002', status: 401 });
  });
});

describe('clientMetaInfo', () => {
  it('encodes any user agent, even outside Latin-1', () => {
    const header = clientMetaInfo(390, 844, 'Browser/1 (日本語)');
    const json = new TextDecoder().decode(Uint8Array.from(atob(header), (c) => c.charCodeAt(0)));
    expect(JSON.parse(json)).toMatchObject({
      screenSize: '390x844',
      platformIdentifier: 'Browser/1 (日本語)',
    });
  });
});
