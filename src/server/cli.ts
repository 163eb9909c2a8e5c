#!/usr/bin/env node
// `npx apple-pay-session-button-server`: the Apple Pay routes as a server of their own, configured from the
// environment, for trying and testing (docs/server.md). Stops cleanly on SIGTERM and SIGINT.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { fileOrderStore } from './file-store.js';
import { MissingDependencyError } from './optional.js';
import type { OrderAmount } from './orders.js';
import { postgresOrderStore } from './postgres-store.js';
import { createApplePayServer } from './server.js';

const HELP = `apple-pay-session-button-server: the Apple Pay routes of apple-pay-session-button/server

Usage: apple-pay-session-button-server [--help]

Serves, under /api/apple-pay:
  POST /session            a Connect client session for the element
  POST /charge             {orderId, token} -> {status, orderState, paymentId?, errorId?}
  GET  /orders/{orderId}   {orderId, state, paymentId?}
  POST /webhooks           Connect's webhooks (when the webhook key is set)

Environment:
  CONNECT_API_KEY_ID          Connect Server API key id                        (required)
  CONNECT_SECRET_API_KEY      its secret                                       (required)
  CONNECT_MERCHANT_ID         your Connect merchant id                         (required)
  CONNECT_API_ENDPOINT        e.g. https://eu.sandbox.api-ingenico.com,
                              or http://localhost:8787 for the emulator        (required)
  ORDERS_FILE                 the order book, a JSON object
                              {"<orderId>": {"amount": <minor units>, "currencyCode": "EUR"}}  (required)
  PORT                        default 3000
  ALLOWED_ORIGINS             comma-separated origins whose browser requests are served
                              (the server's own origin and requests without Origin always are)
  DATABASE_URL                postgres://… to keep orders in PostgreSQL (npm install pg);
                              unset: the embedded store in DATA_DIR
  DATA_DIR                    default .apple-pay-server in the working directory
  CONNECT_WEBHOOK_KEY_ID      Connect's webhooks key id, to accept webhooks
  CONNECT_WEBHOOK_SECRET_KEY  its secret
  CONNECT_DEADLINE_MS         how long a Connect call may take; default 15000 for a payment,
                              5000 for a look-up or a client session

Try it with the emulator (npx apple-pay-session-button-emulator) and its credentials:
  CONNECT_API_KEY_ID=emulator-api-key-id CONNECT_SECRET_API_KEY=emulator-secret-api-key \\
  CONNECT_MERCHANT_ID=1234 CONNECT_API_ENDPOINT=http://localhost:8787 ORDERS_FILE=orders.json \\
  npx apple-pay-session-button-server
`;

const REQUIRED = [
  'CONNECT_API_KEY_ID',
  'CONNECT_SECRET_API_KEY',
  'CONNECT_MERCHANT_ID',
  'CONNECT_API_ENDPOINT',
  'ORDERS_FILE',
] as const;

/** The order book from ORDERS_FILE, checked entry by entry. */
function readOrders(path: string): Map<string, OrderAmount> {
  const book: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!book || typeof book !== 'object' || Array.isArray(book))
    throw new Error(`${path} must hold a JSON object of orders`);
  const orders = new Map<string, OrderAmount>();
  for (const [orderId, order] of Object.entries(book as Record<string, unknown>)) {
    const { amount, currencyCode } = (order ?? {}) as Partial<OrderAmount>;
    if (
      !Number.isSafeInteger(amount) ||
      (amount as number) <= 0 ||
      !/^[A-Z]{3}$/.test(String(currencyCode))
    )
      throw new Error(
        `${path}: order ${orderId} needs an amount in minor units and a currencyCode`,
      );
    orders.set(orderId, { amount: amount as number, currencyCode: currencyCode as string });
  }
  return orders;
}

/** One deadline for every Connect call; others leave an order alone for half as long again at most a second. */
const deadlinesOf = (ms: number) => ({
  payment: ms,
  lookup: ms,
  session: ms,
  leaseMargin: Math.min(1_000, Math.ceil(ms / 2)),
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const env = process.env;
  const absent = REQUIRED.filter((name) => !env[name]);
  if (absent.length) {
    process.stderr.write(`Set ${absent.join(', ')} (see --help).\n`);
    process.exitCode = 2;
    return;
  }
  const orders = readOrders(env.ORDERS_FILE as string);
  const store = env.DATABASE_URL
    ? await postgresOrderStore({ connectionString: env.DATABASE_URL })
    : await fileOrderStore(env.DATA_DIR || '.apple-pay-server');
  const applePay = await createApplePayServer({
    connect: {
      apiKeyId: env.CONNECT_API_KEY_ID as string,
      secretApiKey: env.CONNECT_SECRET_API_KEY as string,
      merchantId: env.CONNECT_MERCHANT_ID as string,
      apiEndpoint: env.CONNECT_API_ENDPOINT as string,
    },
    orders: (orderId) => orders.get(orderId),
    store,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    ...(Number(env.CONNECT_DEADLINE_MS) > 0 && {
      deadlines: deadlinesOf(Number(env.CONNECT_DEADLINE_MS)),
    }),
    ...(env.CONNECT_WEBHOOK_KEY_ID &&
      env.CONNECT_WEBHOOK_SECRET_KEY && {
        webhooks: { keyId: env.CONNECT_WEBHOOK_KEY_ID, secretKey: env.CONNECT_WEBHOOK_SECRET_KEY },
      }),
  });
  const server = createServer(applePay.node);
  // Orders left charging by an earlier run, and any whose outcome was not known yet, are settled on a timer.
  const sweep = setInterval(() => void applePay.settleCharging().catch(() => undefined), 15_000);
  void applePay.settleCharging().catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(env.PORT || 3000), resolve);
  });
  const { port } = server.address() as AddressInfo;
  process.stdout.write(
    `apple-pay-session-button-server on http://localhost:${port}/api/apple-pay\n`,
  );
  const stop = () => {
    clearInterval(sweep);
    server.close();
    server.closeIdleConnections();
    // Requests under way finish (their charges settle); a client that keeps its connection idle is not waited for.
    const force = setTimeout(() => server.closeAllConnections(), 5_000).unref();
    server.once('close', () => {
      clearTimeout(force);
      void applePay
        .close()
        .then(() => store.close())
        .then(() => process.stdout.write('apple-pay-session-button-server stopped\n'));
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  // A missing package or a bad configuration is a sentence for the user, not a stack trace.
  process.stderr.write(
    `apple-pay-session-button-server: ${error instanceof MissingDependencyError ? '' : 'could not start: '}${(error as Error).message}\n`,
  );
  process.exitCode = 1;
});
