// The routes in node:http, Express, Connect or Fastify's middleware mode: a `(req, res, next?)` function that
// answers requests under the base path and hands the rest to `next` (404 without one). Mount it before any body
// parser: the routes read the body themselves (with a size cap), and webhook signatures need it untouched.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES } from './http.js';

export type NodeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/** Behind a TLS-terminating proxy the page's origin is the proxy's. */
function originOf(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-proto'];
  const scheme =
    (Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(',')[0]?.trim()) ??
    ('encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http');
  return `${scheme}://${req.headers.host ?? 'localhost'}`;
}

/** The body, read up to one byte past the cap (the routes answer 413 for that). */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (req.readableEnded && parsed !== undefined)
    return Buffer.from(
      typeof parsed === 'string' || Buffer.isBuffer(parsed) ? parsed : JSON.stringify(parsed),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', take);
      req.resume(); // the rest, if any, is drained and dropped
      resolve(Buffer.concat(chunks));
    };
    const take = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > MAX_BODY_BYTES) done();
    };
    req.on('data', take).once('end', done).once('error', reject);
  });
}

function toRequest(req: IncomingMessage, path: string, body: Buffer | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, one);
  headers.delete('content-length'); // the body given may be cut at the cap
  return new Request(new URL(path, originOf(req)), {
    method: req.method,
    headers,
    body: body && new Uint8Array(body),
  });
}

/** A node:http handler for a web-standard one (which resolves to undefined for requests that are not its own). */
export function toNodeHandler(
  handle: (request: Request) => Promise<Response | undefined>,
  basePath: string,
): NodeHandler {
  const base = basePath.replace(/\/+$/, '');
  return (req, res, next) => {
    const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const pathname = new URL(path, 'http://localhost').pathname;
    if (pathname !== base && !pathname.startsWith(`${base}/`)) {
      if (next) return next();
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not-found"}');
      return;
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    (hasBody ? readBody(req) : Promise.resolve(undefined))
      .then((body) => handle(toRequest(req, path, body)))
      .then(async (response) => {
        if (!response) {
          if (next) return next();
          res.writeHead(404).end();
          return;
        }
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        if (next) return next(error);
        if (!res.headersSent) res.writeHead(500).end();
      });
  };
}
