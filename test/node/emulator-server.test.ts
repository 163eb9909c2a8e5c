// The emulator as its own program (`npx apple-pay-session-button-emulator`) and as middleware in an existing
// server: both answer the Client API, take fault switches over HTTP, and leave other paths to the server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { toNodeMiddleware } from '../../src/testing/connect-emulator/node.js';

const post = (url: string, body?: unknown) =>
  fetch(url, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

async function merchantValidation(origin: string, clientSessionId: string, customerId: string) {
  return fetch(`${origin}/client/v1/${customerId}/products/302/sessions`, {
    method: 'POST',
    headers: {
      Authorization: `GCS v1Client:${clientSessionId}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      paymentProductSession302SpecificInput: {
        displayName: 'Example Shop',
        domainName: 'localhost',
        validationUrl: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
      },
    }),
  });
}

let program: ChildProcess | undefined;
let server: Server | undefined;
afterAll(async () => {
  program?.kill();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

describe('the emulator program', () => {
  it('serves the Client API and its switches on the port it is given', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default;
    program = spawn(process.execPath, [
      pkg.bin['apple-pay-session-button-emulator'],
      '--port',
      '0',
    ]);
    const lines = createInterface({ input: program.stdout! })[Symbol.asyncIterator]();
    const firstLine = (await lines.next()).value as string;
    const origin = firstLine.match(/http:\/\/localhost:\d+/)![0];
    const session = await (await post(`${origin}/emulator/client-sessions`)).json();
    expect(session.clientApiUrl).toBe(`${origin}/client/v1`);
    const ok = await merchantValidation(origin, session.clientSessionId, session.customerId);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const sessionObject = JSON.parse(
      (await ok.json()).paymentProductSession302SpecificOutput.sessionObject,
    );
    expect(sessionObject).toMatchObject({ domainName: 'localhost', displayName: 'Example Shop' });

    const switched = await post(`${origin}/emulator/fault`, {
      fault: '404-1426',
      clientSessionId: session.clientSessionId,
    });
    expect(switched.status).toBe(200);
    const refused = await merchantValidation(origin, session.clientSessionId, session.customerId);
    expect(refused.status).toBe(404);
    expect((await refused.json()).errors[0]).toMatchObject({ code: '1426' });
    await expect(post(`${origin}/emulator/fault`, { fault: 'nonsense' })).resolves.toHaveProperty(
      'status',
      400,
    );
  });
});

describe('the emulator program’s command line', () => {
  const run = async (...args: string[]) => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default;
    return spawnSync(process.execPath, [pkg.bin['apple-pay-session-button-emulator'], ...args], {
      encoding: 'utf8',
      timeout: 10_000,
    });
  };

  it.each(['--help', '-h'])('prints its options and environment for %s', async (flag) => {
    const { status, stdout, stderr } = await run(flag);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toMatch(/^Usage: npx apple-pay-session-button-emulator/);
    for (const option of ['--port', '--host', '--help']) expect(stdout).toContain(option);
    // What a merchant's server needs to talk to it.
    for (const variable of [
      'CONNECT_API_ENDPOINT=http://localhost:8787',
      'CONNECT_API_KEY_ID=',
      'CONNECT_SECRET_API_KEY=',
      'CONNECT_MERCHANT_ID=',
    ])
      expect(stdout).toContain(variable);
  });

  it.each([
    [['--nope'], "Unknown option '--nope'"],
    [['--port', 'eighty'], 'Not a port: eighty'],
    [['--port', '70000'], 'Not a port: 70000'],
  ])('answers %j with the reason and the help, not a stack trace', async (args, reason) => {
    const { status, stdout, stderr } = await run(...args);
    expect({ status, stdout }).toEqual({ status: 2, stdout: '' });
    expect(stderr).toContain(reason);
    expect(stderr).toContain('Usage: npx apple-pay-session-button-emulator');
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('says so when its port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, 'localhost', resolve));
    try {
      const port = String((taken.address() as AddressInfo).port);
      const { status, stderr } = await run('--port', port);
      expect(status).toBe(1);
      expect(stderr.trim()).toBe(
        `Port ${port} is in use: choose another with --port (0: any free port).`,
      );
    } finally {
      taken.close();
    }
  });
});

describe('toNodeMiddleware', () => {
  it('answers what the emulator answers, hands on the rest, and drops a connection for drop', async () => {
    const middleware = toNodeMiddleware();
    server = createServer((req, res) =>
      middleware(req, res, () => res.writeHead(200).end('the shop')),
    );
    await new Promise<void>((resolve) => server!.listen(0, 'localhost', resolve));
    const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
    await expect((await fetch(`${origin}/checkout`)).text()).resolves.toBe('the shop');
    const session = await (
      await fetch(`${origin}/emulator/client-sessions`, {
        method: 'POST',
        headers: { 'X-Forwarded-Proto': 'https' },
      })
    ).json();
    // Behind a TLS-terminating tunnel, the URLs handed out are the tunnel's.
    expect(session.clientApiUrl).toMatch(/^https:\/\/localhost:\d+\/client\/v1$/);
    await post(`${origin}/emulator/fault`, {
      fault: 'drop',
      clientSessionId: session.clientSessionId,
    });
    await expect(
      merchantValidation(origin, session.clientSessionId, session.customerId),
    ).rejects.toThrow();
  });
});
