// The "validate with Apple directly" recipe against a local stand-in for Apple's gateway: a TLS server that
// demands a client certificate from its CA, as Apple demands the merchant identity certificate.
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMerchantValidationRoute,
  isAppleGatewayUrl,
  type MerchantValidationOptions,
} from '../../examples/apple-merchant-validation/validate-merchant.js';
import { isAppleValidationUrl } from '../../src/validation-url.js';
import { postToRoute } from './support/listen.js';
import { merchantSession } from './support/merchant-session.js';
import { makeTestPki, type TestPki } from './support/test-certificates.js';

let pki: TestPki;
let gateway: TlsServer;
let gatewayOrigin: string;
let gatewayAnswer: { status: number; body: string } | 'hang';
const received: { clientName: string | undefined; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  pki = makeTestPki();
  gateway = createTlsServer(
    { ...pki.server, ca: pki.ca, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        received.push({
          clientName: peer.subject?.CN as string | undefined,
          body: JSON.parse(text),
        });
        if (gatewayAnswer === 'hang') return;
        res.writeHead(gatewayAnswer.status, { 'Content-Type': 'application/json' });
        res.end(gatewayAnswer.body);
      });
    },
  );
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayOrigin = `https://localhost:${(gateway.address() as AddressInfo).port}`;
});
afterAll(async () => {
  gateway.closeAllConnections();
  await new Promise((resolve) => gateway.close(resolve));
});

async function validate(validationURL: unknown, options: Partial<MerchantValidationOptions> = {}) {
  const logged: unknown[] = [];
  const route = createMerchantValidationRoute({
    merchantIdentifier: 'merchant.com.example.shop',
    displayName: 'Example Shop',
    domainName: 'shop.example.com',
    ...pki.merchant,
    ca: pki.ca,
    testOnlyGatewayOrigin: gatewayOrigin,
    log: (...entry) => logged.push(entry),
    ...options,
  });
  return { ...(await postToRoute(route, '/api/apple-pay/validate', { validationURL })), logged };
}

describe('merchant validation with Apple directly', () => {
  it('asks the gateway over mutual TLS and answers the merchant session object', async () => {
    gatewayAnswer = { status: 200, body: JSON.stringify(merchantSession) };
    received.length = 0;
    const { status, body } = await validate(`${gatewayOrigin}/paymentservices/startSession`);
    expect(status).toBe(200);
    expect(body).toEqual(merchantSession);
    expect(received).toEqual([
      {
        clientName: 'merchant.com.example.shop',
        body: {
          merchantIdentifier: 'merchant.com.example.shop',
          displayName: 'Example Shop',
          initiative: 'web',
          initiativeContext: 'shop.example.com',
        },
      },
    ]);
  });

  it('fails with a generic 502 when the gateway refuses the certificate', async () => {
    gatewayAnswer = { status: 200, body: JSON.stringify(merchantSession) };
    received.length = 0;
    const { status, body, logged } = await validate(
      `${gatewayOrigin}/paymentservices/startSession`,
      pki.stranger,
    );
    expect(status).toBe(502);
    expect(body).toEqual({ error: 'merchant-validation-failed', errorId: expect.any(String) });
    expect(received).toEqual([]);
    expect(JSON.stringify(logged)).toContain(body.errorId);
  });

  it('does not relay what Apple says when it refuses', async () => {
    gatewayAnswer = {
      status: 400,
      body: JSON.stringify({ statusMessage: 'Payment Services Exception merchantId=SECRET' }),
    };
    const { status, text, logged } = await validate(
      `${gatewayOrigin}/paymentservices/startSession`,
    );
    expect(status).toBe(502);
    expect(text).not.toContain('SECRET');
    expect(JSON.stringify(logged)).toContain('SECRET');
  });

  it('gives up after its timeout', async () => {
    gatewayAnswer = 'hang';
    const { status } = await validate(`${gatewayOrigin}/paymentservices/startSession`, {
      timeoutMs: 300,
    });
    expect(status).toBe(502);
  });

  it.each([
    'https://evil.example/paymentservices/startSession',
    'http://localhost/paymentservices/startSession',
    42,
    undefined,
  ])('refuses the validation URL %s without calling anyone', async (validationURL) => {
    received.length = 0;
    const { status, body } = await validate(validationURL);
    expect([status, body.error]).toEqual([400, 'bad-validation-url']);
    expect(received).toEqual([]);
  });

  it('without the test option, accepts Apple’s gateways only — localhost included in the refusals', async () => {
    const { status } = await validate(`${gatewayOrigin}/paymentservices/startSession`, {
      testOnlyGatewayOrigin: undefined,
    });
    expect(status).toBe(400);
  });

  it('agrees with the element’s own validation-URL check', () => {
    const urls = [
      'https://apple-pay-gateway.apple.com/paymentservices/startSession',
      'https://apple-pay-gateway-cert.apple.com/paymentservices/paymentSession',
      'https://apple-pay-gateway-nc-pod5.apple.com/x',
      'https://cn-apple-pay-gateway-tj-pod3.apple.com/x',
      'https://apple-pay-gateway-pr-pod6.apple.com/x',
      'https://apple-pay-gateway.apple.com:8443/x',
      'https://user@apple-pay-gateway.apple.com/x',
      'http://apple-pay-gateway.apple.com/x',
      'https://apple-pay-gateway.apple.com.evil.example/x',
      'https://localhost/x',
      'not a url',
    ];
    expect(urls.map(isAppleGatewayUrl)).toEqual(urls.map(isAppleValidationUrl));
    expect(urls.map(isAppleGatewayUrl).filter(Boolean)).toHaveLength(4);
  });
});
