// Test servers on a free port of localhost, closed by the returned function.
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listen(
  server: Server,
): Promise<{ origin: string; port: number; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function toRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
  });
}

/** A node:http listener for a web-standard handler; requests it declines get a 404. */
export function webListener(
  handle: (request: Request) => Promise<Response | undefined>,
): RequestListener {
  return (req, res) => {
    toRequest(req)
      .then(handle)
      .then(async (response) => {
        if (!response) return res.writeHead(404).end();
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
  };
}

export const listenWeb = (handle: (request: Request) => Promise<Response | undefined>) =>
  listen(createServer(webListener(handle)));

/**
 * Mounts a merchant-server route (`(req, res) => Promise<answered>`) on a test server, POSTs `body` as JSON to
 * `path`, and returns the browser's view of the answer.
 */
export async function postToRoute(
  route: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>,
  path: string,
  body: unknown,
): Promise<{ status: number; text: string; body: Record<string, unknown> }> {
  const server = await listen(
    createServer(
      (req, res) => void route(req, res).then((answered) => answered || res.writeHead(404).end()),
    ),
  );
  try {
    const response = await fetch(`${server.origin}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
  } finally {
    await server.close();
  }
}
