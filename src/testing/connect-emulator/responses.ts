// Connect's answers as web-standard Responses, so that one emulator runs in Node and in a service worker.

export const json = (status: number, body: unknown, headers?: HeadersInit): Response =>
  Response.json(body, { status, headers });

const digits = (length: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(length)), (byte) => byte % 10).join('');

/** Connect's ErrorResponse: one error, shaped as the platform shapes it. */
export function connectError(
  status: number,
  code: string,
  id: string,
  propertyName?: string,
): Response {
  return json(status, {
    errorId: `${crypto.randomUUID()}-${digits(8)}`,
    errors: [
      {
        category: status >= 500 ? 'IO_ERROR' : 'CONNECT_PLATFORM_ERROR',
        code,
        httpStatusCode: status,
        id,
        message: id,
        ...(propertyName && { propertyName }),
        requestId: digits(6),
      },
    ],
  });
}

/** The body as JSON, or undefined when it is not JSON (Connect answers that with a 400 of its own). */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return JSON.parse(await request.text());
  } catch {
    return undefined;
  }
}

export const hex = (bytes: number): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
