/// <reference types="node" />
// The emulator in Node: web-standard handlers behind node:http, as a middleware for an existing server
// (Express, Connect, the Vite dev server) or as a server of its own.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addClientSessionSource, clientApi, composeHandlers, emulatorControl } from './index.js';
import type { RequestHandler } from './index.js';
import { clientSessions as serverApiSessions, handleServerApi } from './server-api.js';

// A client session the merchant's server created through the Server API is good for the Client API.
addClientSessionSource(serverApiSessions);

/**
 * The whole emulator in Node: the Client API the element calls, the Server API the merchant's server calls
 * (`POST /v1/{merchantId}/sessions` and `/payments`, `GET /v1/{merchantId}/payments[/{paymentId}]`, signed with
 * `EMULATOR_CREDENTIALS`), and its switches.
 */
export const connectEmulator: RequestHandler = composeHandlers(
  clientApi,
  handleServerApi,
  emulatorControl,
);

/** Behind a TLS-terminating proxy or tunnel, the page's origin is the proxy's. */
function origin(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-proto'];
  const scheme =
    (Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(',')[0]) ??
    ('encrypted' in req.socket ? 'https' : 'http');
  return `${scheme}://${req.headers.host ?? 'localhost'}`;
}

async function toRequest(req: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, one);
  }
  const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(path, origin(req)), {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
    signal,
  });
}

async function send(response: Response, req: IncomingMessage, res: ServerResponse) {
  if (response.type === 'error') return void req.socket.destroy(); // a network error, as the handler meant
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * A `(req, res, next)` middleware answering what `handler` answers (by default the whole emulator) and passing
 * the rest to `next` (404 without one).
 */
export function toNodeMiddleware(
  handler: RequestHandler = connectEmulator,
  // eslint-disable-next-line no-console -- a server with no logger of its own reports on stderr
  onError: (error: unknown) => void = (error) => console.error('connect-emulator:', error),
) {
  return (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void => {
    const gone = new AbortController();
    res.on('close', () => gone.abort()); // the caller gave up: a hanging answer may stop waiting
    toRequest(req, gone.signal)
      .then(handler)
      .then((response) => {
        if (response) return send(response, req, res);
        if (next) return next();
        res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}');
      })
      .catch((error: unknown) => {
        onError(error);
        if (!res.headersSent) res.writeHead(500).end();
      });
  };
}

export interface RunningEmulator {
  /** Where the emulator listens, e.g. `http://localhost:8787`; its Client API is `${url}/client/v1`. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The emulator as its own HTTP server. Port 0 picks a free port. */
export async function startConnectEmulator({
  port = 8787,
  host = 'localhost',
  handler = connectEmulator,
}: { port?: number; host?: string; handler?: RequestHandler } = {}): Promise<RunningEmulator> {
  const server = createServer(toNodeMiddleware(handler));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export * from './index.js';
export {
  DECLINE_MARKER,
  EMULATOR_CREDENTIALS,
  MAGIC_AMOUNTS,
  SERVER_FAULTS,
  createServerApi,
  defaultServerApi,
  handleServerApi,
  isServerFault,
  type EmulatedPayment,
  type ServerApi,
  type ServerApiOptions,
  type ServerCall,
  type ServerFault,
  type ServerOperation,
  type WebhookTarget,
} from './server-api.js';
