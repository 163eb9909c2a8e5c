// The Connect emulator as web-standard request handlers: `(request) => Promise<Response | undefined>`, undefined
// meaning "not mine". The same handlers serve Node (./node.ts), a Vite dev server, and a page through a service
// worker (MSW), so a test, the demo and a static copy of the demo all talk to one implementation.
import { clientApi } from './client-api.js';
import { emulatorControl } from './control.js';

export type RequestHandler = (request: Request) => Promise<Response | undefined>;

/** The first handler's answer, trying each in turn. */
export const composeHandlers =
  (...handlers: RequestHandler[]): RequestHandler =>
  async (request) => {
    for (const handler of handlers) {
      const response = await handler(request);
      if (response) return response;
    }
    return undefined;
  };

/** Everything the emulator answers: the Client API and its own switches. */
export const connectEmulator: RequestHandler = composeHandlers(clientApi, emulatorControl);

export { clientApi, emulatorControl };
export {
  addClientSessionSource,
  clientSessions,
  findClientSession,
  createClientSession,
  setFault,
  type ClientSessionResponse,
  type EmulatedClientSession,
} from './client-sessions.js';
export { FAULTS, isFault, type Fault } from './faults.js';
