// The client sessions the emulator knows: what the Server API's `POST /v1/{merchantId}/sessions` hands a
// merchant's server, and what the Client API checks every call's `Authorization: GCS v1Client:{id}` against.
import type { Fault } from './faults.js';
import { hex } from './responses.js';

export interface EmulatedClientSession {
  clientSessionId: string;
  customerId: string;
  /** How this session's merchant validation fails, if it does. */
  fault: Fault;
}

/** Connect's answer to `POST /v1/{merchantId}/sessions`: what the element's `session` property takes. */
export interface ClientSessionResponse {
  clientSessionId: string;
  customerId: string;
  clientApiUrl: string;
  assetUrl: string;
  invalidTokens: string[];
  region: string;
}

export const clientSessions = new Map<string, EmulatedClientSession>();

/** Other stores of client sessions the Client API accepts: the Server API's (in Node). */
const sources: { get(clientSessionId: string): { customerId: string } | undefined }[] = [];

/** Lets the Client API accept the client sessions another store created (e.g. the Server API emulator's). */
export function addClientSessionSource(source: (typeof sources)[number]): void {
  sources.push(source);
}

/** The client session with this id, wherever it was created; undefined when unknown or expired. */
export function findClientSession(clientSessionId: string): EmulatedClientSession | undefined {
  const known = clientSessions.get(clientSessionId);
  if (known) return known;
  for (const source of sources) {
    const created = source.get(clientSessionId);
    if (!created) continue;
    const session = { clientSessionId, customerId: created.customerId, fault: newSessionFault };
    clientSessions.set(clientSessionId, session);
    return session;
  }
  return undefined;
}

/** The fault new client sessions start with (`setFault` without a session id). */
let newSessionFault: Fault = 'none';

/**
 * Makes merchant validation fail (or work again, with `'none'`) for one client session, or — without an id — for
 * every client session, the existing ones and those created later. Returns false for an unknown session id.
 */
export function setFault(fault: Fault, clientSessionId?: string): boolean {
  if (clientSessionId === undefined) {
    newSessionFault = fault;
    for (const session of clientSessions.values()) session.fault = fault;
    return true;
  }
  const session = findClientSession(clientSessionId);
  if (session) session.fault = fault;
  return session !== undefined;
}

/** A new client session, answered as Connect answers it, with URLs on `origin` (where the emulator is served). */
export function createClientSession(
  origin: string,
  fault = newSessionFault,
): ClientSessionResponse {
  const session = { clientSessionId: hex(16), customerId: `9991-${hex(8)}`, fault };
  clientSessions.set(session.clientSessionId, session);
  return {
    clientSessionId: session.clientSessionId,
    customerId: session.customerId,
    clientApiUrl: `${origin}/client/v1`,
    assetUrl: `${origin}/assets/`,
    invalidTokens: [],
    region: 'EU',
  };
}
