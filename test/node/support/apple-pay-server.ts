// A merchant's server (apple-pay-session-button/server) against its own Connect Server API emulator over HTTP,
// for the server's tests: the emulator's record of payments is what they check the server against.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createApplePayServer,
  type ApplePayServer,
  type ApplePayServerOptions,
  type LogEntry,
} from '../../../src/server/index.js';
import {
  EMULATOR_CREDENTIALS,
  createServerApi,
  startConnectEmulator,
  type RunningEmulator,
  type ServerApi,
  type ServerApiOptions,
} from '../../../src/testing/connect-emulator/node.js';

export const WEBHOOK_KEY = { keyId: 'test-webhooks-key', secretKey: 'test-webhooks-secret' };

/** An Apple Pay token as Safari hands it over; `decline` makes the emulated acquirer refuse it. */
export function applePayToken({ decline = false } = {}) {
  const words = `simulated card ${decline ? 'decline' : 'approve'} ${crypto.randomUUID()}`;
  return {
    paymentData: {
      version: 'EC_v1',
      data: Buffer.from(words).toString('base64'),
      signature: 'c2ln',
      header: { ephemeralPublicKey: 'a2V5', publicKeyHash: 'aGFzaA==', transactionId: 'ab' },
    },
    paymentMethod: { displayName: 'Visa 4242', network: 'Visa', type: 'credit' },
    transactionIdentifier: crypto.randomUUID(),
  };
}

/** Words only Connect's answers contain: none may reach a browser. */
export const CONNECT_WORDS =
  /NOT_AUTHORISED|430330|INVALID_VALUE|PARAMETER_NOT_FOUND|MISSING_OR_INVALID|encryptedPaymentData|UNKNOWN_SERVER_ERROR|ACQUIRER|CONNECT_PLATFORM|PAYMENT_PLATFORM|requestId|DUPLICATE_REQUEST|paymentOutput/;

export interface Emulated {
  api: ServerApi;
  emulator: RunningEmulator;
  close(): Promise<void>;
}

export async function emulatedConnect(options: ServerApiOptions = {}): Promise<Emulated> {
  const api = createServerApi(options);
  const emulator = await startConnectEmulator({ port: 0, host: '127.0.0.1', handler: api.handle });
  return { api, emulator, close: () => emulator.close() };
}

export const connectSettings = (emulator: RunningEmulator) => ({
  apiKeyId: EMULATOR_CREDENTIALS.apiKeyId,
  secretApiKey: EMULATOR_CREDENTIALS.secretApiKey,
  merchantId: EMULATOR_CREDENTIALS.merchantId,
  apiEndpoint: emulator.url,
});

export const temporaryDir = (name = 'apple-pay-server-') => mkdtempSync(join(tmpdir(), name));

/** A server on `connect`, logging into `logged`, with an embedded store in a fresh folder unless told otherwise. */
export async function applePayServer(
  connect: Emulated,
  options: Partial<ApplePayServerOptions> & { logged?: LogEntry[] } = {},
): Promise<ApplePayServer> {
  const { logged = [], ...rest } = options;
  return createApplePayServer({
    connect: connectSettings(connect.emulator),
    orders: (orderId) => ({
      amount: 1250,
      currencyCode: 'EUR',
      ...(orderId.includes('yen') && { currencyCode: 'JPY' }),
    }),
    dataDir: temporaryDir(),
    log: (entry) => logged.push(entry),
    ...rest,
  });
}

export const SHOP = 'https://shop.example';

/** A browser-like request to one of the routes. */
export function browserRequest(
  path: string,
  {
    body,
    method = body === undefined ? 'GET' : 'POST',
    headers = {},
  }: { body?: unknown; method?: string; headers?: Record<string, string> } = {},
): Request {
  return new Request(`${SHOP}/api/apple-pay${path}`, {
    method,
    headers: {
      ...(body !== undefined && typeof body !== 'string' && { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Sends a request to the server's web handler; status, text and parsed body. */
export async function ask(server: ApplePayServer, request: Request) {
  const response = await server.fetch(request);
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { status: response.status, text, body, headers: response.headers };
}
