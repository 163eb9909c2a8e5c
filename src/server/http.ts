// Browser-facing hygiene shared by the routes: origins, JSON bodies with a size cap, and answers that never
// carry anything but what the page needs.

/** A request body larger than this is refused with 413: an Apple Pay token is a few kilobytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** An answer for the browser: its status, a code for the page, and the errorId of a log entry when there is one. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly errorId?: string,
  ) {
    super(code);
  }
}

/** Whether a browser request from `origin` is served: its own origin, or one the merchant allowed. */
export const isAllowedOrigin = (origin: string, url: URL, allowed: ReadonlySet<string>) =>
  origin === url.origin || allowed.has(origin);

/** The body as text, at most MAX_BODY_BYTES (413 past that), without reading more than that. */
export async function readText(request: Request): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, 'too-large');
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new HttpError(413, 'too-large');
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

const isJsonType = (type: string | null) =>
  type !== null && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type);

/**
 * The body as a JSON object. 415 for any other content type (text/plain included: a form or a page on another
 * site can send that without asking) or a body that is not JSON; 413 past the size cap. An empty body with no
 * content type is `undefined` when `optional`.
 */
export async function readJsonObject(
  request: Request,
  optional = false,
): Promise<{ value: Record<string, unknown> | undefined; text: string }> {
  const type = request.headers.get('content-type');
  const text = await readText(request);
  if (optional && type === null && text === '') return { value: undefined, text };
  if (!isJsonType(type)) throw new HttpError(415, 'json-only');
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value))
      return { value: value as Record<string, unknown>, text };
  } catch {
    // below
  }
  throw new HttpError(415, 'json-only');
}

/** A JSON answer that no cache keeps. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
  });
