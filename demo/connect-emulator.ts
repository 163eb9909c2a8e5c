// The demo's Connect inside the Vite dev server: the demo store's server (demo/merchant.ts) and the Connect
// emulator, both as web-standard handlers behind a node:http middleware. With CONNECT_* set, client sessions
// come from the real Connect Server API (connect-sdk-nodejs) and the element talks to the real Client API.
import type { Plugin } from 'vite';
import {
  composeHandlers,
  connectEmulator as emulator,
  EMULATOR_CREDENTIALS,
  toNodeMiddleware,
  type RequestHandler,
} from '../src/testing/connect-emulator/node.js';
import { createApplePayServer, memoryOrderStore } from '../src/server/index.js';
import { demoMerchant, demoOrders } from './merchant.js';
import { demoMerchantValidation } from './merchant-validation.js';

/** Real mode: the four CONNECT_* variables, or undefined for the emulator. */
function realConnect() {
  const { CONNECT_API_KEY_ID, CONNECT_SECRET_API_KEY, CONNECT_MERCHANT_ID, CONNECT_API_ENDPOINT } =
    process.env;
  if (
    !CONNECT_API_KEY_ID ||
    !CONNECT_SECRET_API_KEY ||
    !CONNECT_MERCHANT_ID ||
    !CONNECT_API_ENDPOINT
  )
    return;
  return {
    apiKeyId: CONNECT_API_KEY_ID,
    secretApiKey: CONNECT_SECRET_API_KEY,
    merchantId: CONNECT_MERCHANT_ID,
    endpoint: new URL(CONNECT_API_ENDPOINT),
  };
}

/** A client session from the real Connect Server API; when Connect cannot be reached, the page is told so. */
async function realClientSession(real: NonNullable<ReturnType<typeof realConnect>>) {
  const unreachable = (why: string) =>
    Response.json(
      { mode: 'connect', error: `Connect refused or could not be reached: ${why}` },
      { status: 502 },
    );
  try {
    const connectSdk = await import('connect-sdk-nodejs');
    const client = connectSdk.init({
      host: real.endpoint.hostname,
      scheme: real.endpoint.protocol === 'http:' ? 'http' : 'https',
      port: Number(real.endpoint.port) || (real.endpoint.protocol === 'http:' ? 80 : 443),
      apiKeyId: real.apiKeyId,
      secretApiKey: real.secretApiKey,
      integrator: 'apple-pay-session-button demo',
    });
    const response = await client.v1.sessions.create(real.merchantId, {});
    return response.isSuccess
      ? Response.json({ ...response.body, mode: 'connect' }, { status: 201 })
      : unreachable(`HTTP ${response.status}`);
  } catch (error) {
    return unreachable((error as Error).message);
  }
}

/**
 * The charge and order routes of apple-pay-session-button/server, against the emulator this same dev server
 * serves (made on the first request, when the server's own address is known).
 */
function applePayRoutes(): RequestHandler {
  let server: ReturnType<typeof createApplePayServer> | undefined;
  return async (request) => {
    server ??= createApplePayServer({
      connect: { ...EMULATOR_CREDENTIALS, apiEndpoint: new URL(request.url).origin },
      orders: (orderId) => demoOrders.get(orderId),
      store: memoryOrderStore(), // the demo's orders need not outlive the dev server
      log: () => undefined,
    });
    return (await server).handle(request);
  };
}

/**
 * The demo's handlers: with real Connect, only the store's server; else the store (its client session), the
 * charge through apple-pay-session-button/server's routes, and the emulator.
 */
export function demoHandlers() {
  const real = realConnect();
  return real
    ? demoMerchant(() => realClientSession(real))
    : composeHandlers(
        demoMerchant(undefined, { simulateCharges: false }),
        applePayRoutes(),
        emulator,
      );
}

/** The same handlers as node:http middleware, for a test's own server. */
export const handleConnect = toNodeMiddleware(demoHandlers());

export function connectEmulator(): Plugin {
  return {
    name: 'connect-emulator',
    configureServer(server) {
      const where = realConnect() ? 'demo server (real Connect)' : 'connect-emulator';
      // The emulator's simulator takes the stand-in gateway's merchant sessions; Safari's own Apple Pay, which
      // real Connect needs, would not: with real Connect there is no merchant-server validation.
      if (!realConnect()) {
        const validation = demoMerchantValidation((message) =>
          server.config.logger.error(`demo merchant validation: ${message}`),
        );
        server.middlewares.use(validation.middleware);
        server.httpServer?.on('close', () => void validation.close());
      }
      server.middlewares.use(
        toNodeMiddleware(demoHandlers(), (error) =>
          server.config.logger.error(`${where}: ${(error as Error).message}`),
        ),
      );
    },
  };
}
