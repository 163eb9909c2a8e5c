/// <reference types="node" />
// "Validate through the merchant's server" in the dev server: recipe 1 (examples/apple-merchant-validation)
// answers POST /api/apple-pay/validate, over mutual TLS with a local stand-in for Apple's gateway. Safari's
// validation URL is on Apple's gateway, which wants a real merchant identity certificate: the demo sends it to the
// stand-in instead, started on first use with a throw-away CA, server and merchant certificate.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import {
  VALIDATE_PATH,
  createMerchantValidationRoute,
  isAppleGatewayUrl,
} from '../examples/apple-merchant-validation/validate-merchant.js';
import { readJsonObject, sendJson } from '../examples/server/http-json.js';
import { makeTestPki } from '../test/node/support/test-certificates.js';

type Route = ReturnType<typeof createMerchantValidationRoute>;

/** Apple's answer, in shape: a merchant session for the merchant and domain the recipe asked for. */
function merchantSession(request: Record<string, unknown> | undefined) {
  const now = Date.now();
  return {
    epochTimestamp: now,
    expiresAt: now + 3_600_000,
    merchantSessionIdentifier: `SSH${crypto.randomUUID().replaceAll('-', '')}`,
    nonce: crypto.randomUUID().slice(0, 8),
    merchantIdentifier: String(request?.merchantIdentifier),
    domainName: String(request?.initiativeContext),
    displayName: String(request?.displayName),
    signature: Buffer.from('stand-in for Apple’s signature').toString('base64'),
  };
}

/** The stand-in gateway: TLS that demands a client certificate from the CA, as Apple demands the merchant's. */
async function startGateway(
  log: (message: string) => void,
): Promise<{ gateway: Server; origin: string; route: Route }> {
  const pki = makeTestPki();
  const gateway = createServer(
    { ...pki.server, ca: pki.ca, requestCert: true, rejectUnauthorized: true },
    async (req, res) => sendJson(res, 200, merchantSession(await readJsonObject(req))),
  );
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  const route = createMerchantValidationRoute({
    merchantIdentifier: 'merchant.com.example.tote',
    displayName: 'Tote & Co.',
    domainName: 'localhost',
    ...pki.merchant,
    ca: pki.ca,
    testOnlyGatewayOrigin: origin,
    log: (message, details) => log(`${message}: ${String(details)}`),
  });
  return { gateway, origin, route };
}

/**
 * A node:http middleware for POST /api/apple-pay/validate; `close` stops the stand-in gateway, if it was started.
 */
export function demoMerchantValidation(log: (message: string) => void) {
  let started: ReturnType<typeof startGateway> | undefined;

  async function validate(req: IncomingMessage, res: ServerResponse) {
    const validationURL = (await readJsonObject(req))?.validationURL;
    // What the recipe would refuse anyway: only Apple's gateway URLs go on, to the stand-in.
    if (!isAppleGatewayUrl(validationURL))
      return sendJson(res, 400, { error: 'bad-validation-url' });
    // A failed start (no openssl, say) is tried again at the next validation.
    started ??= startGateway(log).catch((error: unknown) => {
      started = undefined;
      throw error;
    });
    const { origin, route } = await started;
    const standIn = new URL(new URL(validationURL as string).pathname, origin);
    // The recipe reads the request as node:http gives it: the same request, its body naming the stand-in.
    const body = Readable.from([JSON.stringify({ validationURL: standIn.href })]);
    await route(Object.assign(body, { url: req.url, method: req.method }) as IncomingMessage, res);
  }

  return {
    middleware(req: IncomingMessage, res: ServerResponse, next: () => void) {
      if (new URL(req.url ?? '/', 'http://localhost').pathname !== VALIDATE_PATH) return next();
      if (req.method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end();
      validate(req, res).catch((error: unknown) => {
        log(`merchant validation: ${(error as Error).message}`);
        if (!res.headersSent) sendJson(res, 500, { error: 'merchant-validation-failed' });
      });
    },
    async close() {
      const gateway = (await started?.catch(() => undefined))?.gateway;
      gateway?.closeAllConnections();
      await new Promise((resolve) => (gateway ? gateway.close(resolve) : resolve(undefined)));
    },
  };
}
