// The emulator's own switches, over HTTP for tests and pages in another process than the emulator:
// `POST /emulator/client-sessions` (a client session without the Server API's authentication) and
// `POST /emulator/fault` with `{ fault, clientSessionId? }`.
import { createClientSession, setFault } from './client-sessions.js';
import { FAULTS, isFault } from './faults.js';
import { json, readJson } from './responses.js';

export async function emulatorControl(request: Request): Promise<Response | undefined> {
  const url = new URL(request.url);
  if (request.method !== 'POST') return undefined;
  if (url.pathname.endsWith('/emulator/client-sessions')) {
    return json(201, createClientSession(url.origin));
  }
  if (url.pathname.endsWith('/emulator/fault')) {
    const { fault, clientSessionId } = ((await readJson(request)) ?? {}) as {
      fault?: unknown;
      clientSessionId?: string;
    };
    if (!isFault(fault)) return json(400, { error: `fault must be one of ${FAULTS.join(', ')}` });
    return setFault(fault, clientSessionId)
      ? json(200, { fault })
      : json(404, { error: 'unknown client session' });
  }
  return undefined;
}
