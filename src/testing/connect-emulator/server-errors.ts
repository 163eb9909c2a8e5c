// Connect's error shapes for the Server API emulator (ErrorResponse), and the small JSON helpers it shares.
import { randomUUID } from 'node:crypto';

export interface ConnectError {
  code: string;
  id: string;
  propertyName?: string;
  category?: string;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function errorBody(status: number, error: ConnectError) {
  return {
    errorId: `${randomUUID()}-${String(Date.now() % 100000).padStart(8, '0')}`,
    errors: [
      {
        category: error.category ?? (status >= 500 ? 'IO_ERROR' : 'CONNECT_PLATFORM_ERROR'),
        code: error.code,
        httpStatusCode: status,
        id: error.id,
        // Connect's messages are for the merchant's logs, never for the customer.
        message: error.id,
        ...(error.propertyName && { propertyName: error.propertyName }),
        requestId: String(Math.floor(Math.random() * 1e6)),
      },
    ],
  };
}

/** Connect's ErrorResponse. */
export const connectError = (status: number, error: ConnectError): Response =>
  json(status, errorBody(status, error));

export const missing = (propertyName: string) =>
  connectError(400, { code: '20000000', id: 'PARAMETER_NOT_FOUND_IN_REQUEST', propertyName });
// Connect's code for a present but unusable value; the emulator uses one for all of them.
export const invalid = (propertyName: string) =>
  connectError(400, { code: '21000020', id: 'INVALID_VALUE', propertyName });
