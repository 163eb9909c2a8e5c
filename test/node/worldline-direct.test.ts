// The Worldline Direct recipe against a local stand-in for Direct's Server API: `POST
// /v2/{merchantId}/products/302/sessions`, authenticated as Direct documents (GCS v1HMAC, verified here with
// our own HMAC), with Direct's request checks and its ErrorResponse shape.
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDirectSessionRoute,
  directFromEnv,
  type DirectSessionOptions,
} from '../../examples/worldline-direct/direct-session.js';
import { listen, postToRoute } from './support/listen.js';
import { merchantSession } from './support/merchant-session.js';

const KEY_ID = 'direct-key-id';
const SECRET = 'direct-secret';
const PSPID = 'ExampleShop';

/** Direct's ErrorResponse. */
function directError(status: number, errorCode: string, id: string, propertyName?: string) {
  return {
    status,
    body: {
      errorId: randomUUID(),
      errors: [
        {
          category: status >= 500 ? 'IO_ERROR' : 'DIRECT_PLATFORM_ERROR',
          code: errorCode,
          errorCode,
          httpStatusCode: status,
          id,
          message: `${id} (Direct's words, for the merchant only)`,
          ...(propertyName && { propertyName }),
          retriable: status >= 500,
        },
      ],
    },
  };
}

let fault: 'none' | '500' | 'not-json' | 'no-session' = 'none';
const received: Record<string, unknown>[] = [];

function standIn(req: IncomingMessage, text: string): { status: number; body: unknown } {
  const date = req.headers.date ?? '';
  const expected = createHmac('sha256', SECRET)
    .update(`${req.method}\n${req.headers['content-type']}\n${date}\n${req.url}\n`)
    .digest('base64');
  if (
    req.headers.authorization !== `GCS v1HMAC:${KEY_ID}:${expected}` ||
    !(Math.abs(Date.parse(date) - Date.now()) < 15 * 60_000)
  )
    return directError(401, '9002', 'MISSING_OR_INVALID_AUTHORIZATION');
  const match = req.url?.match(/^\/v2\/([^/]+)\/products\/(-?\d+)\/sessions$/);
  if (req.method !== 'POST' || !match) return directError(404, '1001', 'UNKNOWN_RESOURCE');
  if (match[1] !== PSPID) return directError(403, '9007', 'ACCESS_TO_MERCHANT_NOT_ALLOWED');
  if (match[2] !== '302')
    return directError(400, '1002', 'UNKNOWN_PAYMENT_PRODUCT', 'paymentProductId');
  let body: { paymentProductSession302SpecificInput?: Record<string, unknown> };
  try {
    body = JSON.parse(text);
  } catch {
    return directError(400, '1000', 'REQUEST_NOT_PARSABLE');
  }
  received.push(body);
  for (const field of ['displayName', 'domainName']) {
    const value = body.paymentProductSession302SpecificInput?.[field];
    if (typeof value !== 'string' || !value)
      return directError(
        400,
        '20000000',
        'PARAMETER_NOT_FOUND_IN_REQUEST',
        `paymentProductSession302SpecificInput.${field}`,
      );
  }
  if (fault === '500') return directError(500, '9999', 'UNKNOWN_SERVER_ERROR');
  if (fault === 'no-session')
    return { status: 200, body: { paymentProductSession302SpecificOutput: {} } };
  return {
    status: 200,
    body: { paymentProductSession302SpecificOutput: { session: JSON.stringify(merchantSession) } },
  };
}

let direct: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  direct = await listen(
    createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        if (fault === 'not-json') return res.writeHead(502).end('<html>Bad Gateway</html>');
        const { status, body } = standIn(req, text);
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      });
    }),
  );
});
afterAll(() => direct.close());

async function validate(
  env: Record<string, string> = {},
  options: Partial<DirectSessionOptions> = {},
) {
  const logged: unknown[] = [];
  const { client, merchantId } = directFromEnv({
    DIRECT_API_KEY_ID: KEY_ID,
    DIRECT_SECRET_API_KEY: SECRET,
    DIRECT_MERCHANT_ID: PSPID,
    DIRECT_API_ENDPOINT: direct.origin,
    ...env,
  });
  const route = createDirectSessionRoute({
    client,
    merchantId,
    displayName: 'Example Shop',
    domainName: 'shop.example.com',
    log: (...entry) => logged.push(entry),
    ...options,
  });
  return {
    ...(await postToRoute(route, '/api/apple-pay/validate', {
      validationURL: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
    })),
    logged,
  };
}

describe('merchant validation through Worldline Direct', () => {
  it('creates the Apple Pay session on Direct and answers the merchant session object', async () => {
    fault = 'none';
    received.length = 0;
    const { status, body } = await validate();
    expect(status).toBe(200);
    expect(body).toEqual(merchantSession);
    expect(received).toEqual([
      {
        paymentProductSession302SpecificInput: {
          displayName: 'Example Shop',
          domainName: 'shop.example.com',
        },
      },
    ]);
  });

  it.each<[string, Record<string, string>, Partial<DirectSessionOptions>, string]>([
    [
      'a wrong secret (401)',
      { DIRECT_SECRET_API_KEY: 'guess' },
      {},
      'MISSING_OR_INVALID_AUTHORIZATION',
    ],
    [
      'another PSPID (403)',
      { DIRECT_MERCHANT_ID: 'Someone' },
      {},
      'ACCESS_TO_MERCHANT_NOT_ALLOWED',
    ],
    [
      'a missing domain name (400)',
      {},
      { domainName: '' },
      'paymentProductSession302SpecificInput.domainName',
    ],
  ])('answers a generic 502 for %s and logs Direct’s answer', async (_, env, options, logs) => {
    fault = 'none';
    const { status, body, text, logged } = await validate(env, options);
    expect(status).toBe(502);
    expect(body).toEqual({ error: 'merchant-validation-failed', errorId: expect.any(String) });
    expect(text).not.toMatch(/Direct's words|9002|9007|20000000/);
    expect(JSON.stringify(logged)).toContain(logs);
    expect(JSON.stringify(logged)).toContain(body.errorId);
  });

  it.each(['500', 'not-json', 'no-session'] as const)(
    'answers a generic 502 when Direct answers %s',
    async (kind) => {
      fault = kind;
      const { status, body } = await validate();
      expect([status, body.error]).toEqual([502, 'merchant-validation-failed']);
    },
  );

  it('answers 502 when Direct cannot be reached', async () => {
    const closed = await listen(createServer());
    await closed.close();
    const { status } = await validate({ DIRECT_API_ENDPOINT: closed.origin });
    expect(status).toBe(502);
  });

  it('needs all four DIRECT_* variables', () => {
    expect(() => directFromEnv({ DIRECT_API_KEY_ID: KEY_ID })).toThrow(
      'Set DIRECT_SECRET_API_KEY, DIRECT_MERCHANT_ID, DIRECT_API_ENDPOINT',
    );
  });
});
