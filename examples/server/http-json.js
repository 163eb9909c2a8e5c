// @ts-check
// JSON in and out of node:http for the example routes, and JSON POSTs to the APIs they call. Bodies are capped: an Apple Pay token is a few
// kilobytes, and a server that buffers whatever it is sent can be made to run out of memory.
import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request's JSON object, or undefined when the body is not a JSON object or is too large.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Record<string, unknown> | undefined>}
 */
export async function readJsonObject(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > MAX_BODY_BYTES) return undefined;
  }
  try {
    const body = JSON.parse(text);
    return body && typeof body === 'object' && !Array.isArray(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
export function sendJson(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Logs what went wrong under a fresh id and returns that id: the browser gets the id, the logs get the
 * details. Upstream messages are never relayed to the shopper (they can tip off fraudsters, and mean
 * nothing to customers).
 * @param {(message: string, details: unknown) => void} log
 * @param {string} what
 * @param {unknown} details
 */
export function logFailure(log, what, details) {
  const errorId = randomUUID();
  log(`${what} (errorId ${errorId})`, details);
  return errorId;
}

/**
 * POSTs JSON to an upstream API; resolves to the status and the parsed body (undefined when not JSON).
 * @param {URL} url `https:` (or `http:` for a local stand-in)
 * @param {unknown} body
 * @param {{ signal: AbortSignal, headers?: Record<string, string>,
 *   tls?: { cert: string | Buffer, key: string | Buffer, ca?: string | Buffer } }} options
 *   `tls` adds a client certificate (mutual TLS) and, for tests, the CA to trust.
 * @returns {Promise<{ status: number, body: unknown }>}
 */
export function postJson(url, body, { signal, headers, tls }) {
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        signal,
        ...tls,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(payload)),
          ...headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('error', reject);
        response.on('end', () => {
          let parsed;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}
