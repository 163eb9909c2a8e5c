// As a new user meets the server: `npm install apple-pay-session-button connect-sdk-nodejs` in an empty project
// (this repository packed; packages from npm's cache when it has them), then `npx apple-pay-session-button-emulator`
// and `npx apple-pay-session-button-server` — nothing else installed — serve a checkout: a client session, a
// charge, the order's state. Without connect-sdk-nodejs the server says what to install.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applePayToken, temporaryDir } from './support/apple-pay-server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const project = temporaryDir('apple-pay-first-day-');
const running: ChildProcess[] = [];
const npm = (args: string[]) =>
  execFileSync(
    'npm',
    [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, npm_config_ignore_scripts: 'true' },
    },
  );

/** Starts `npx <bin>` in the project; resolves with the first URL it prints. */
async function start(bin: string, env: Record<string, string> = {}) {
  const child = spawn(
    'npx',
    ['--no-install', bin, ...(bin.endsWith('emulator') ? ['--port', '0'] : [])],
    {
      cwd: project,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  running.push(child);
  let errors = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (errors += text));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on(
      'line',
      (text) => text.includes('http') && resolve(text),
    );
    child.once('exit', (code) => reject(new Error(`${bin} exited (${code}): ${errors}`)));
  });
  return { child, url: line.match(/http:\/\/localhost:\d+/)![0] };
}

beforeAll(() => {
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', project], {
    cwd: root,
    stdio: 'ignore',
  });
  const tarball = readdirSync(project).find((name) => name.endsWith('.tgz'))!;
  writeFileSync(
    join(project, 'package.json'),
    '{"name":"first-day","private":true,"type":"module"}',
  );
  npm(['install', `./${tarball}`, 'connect-sdk-nodejs@^5.2.0']);
}, 240_000);

afterAll(() => {
  // npx dies of the SIGTERM at once (signalCode, no exitCode); the server it started may be gone by now too.
  for (const child of running)
    if (child.exitCode === null && child.signalCode === null)
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
  rmSync(project, { recursive: true, force: true });
});

describe('npx apple-pay-session-button-server, on the first day', () => {
  it('serves a checkout against npx apple-pay-session-button-emulator, and stops on SIGTERM', async () => {
    const emulator = await start('apple-pay-session-button-emulator');
    writeFileSync(
      join(project, 'orders.json'),
      JSON.stringify({ 'order-1': { amount: 1250, currencyCode: 'EUR' } }),
    );
    const server = await start('apple-pay-session-button-server', {
      CONNECT_API_KEY_ID: 'emulator-api-key-id',
      CONNECT_SECRET_API_KEY: 'emulator-secret-api-key',
      CONNECT_MERCHANT_ID: '1234',
      CONNECT_API_ENDPOINT: emulator.url,
      ORDERS_FILE: 'orders.json',
    });
    const base = `${server.url}/api/apple-pay`;
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('/session', {})).status).toBe(201);
    expect(
      await (await post('/charge', { orderId: 'order-1', token: applePayToken() })).json(),
    ).toMatchObject({ status: 0, orderState: 'paid' });
    expect(await (await fetch(`${base}/orders/order-1`)).json()).toMatchObject({ state: 'paid' });
    // The server stops cleanly: it says so, and every holder of its output has let go.
    let printed = '';
    server.child.stdout!.setEncoding('utf8').on('data', (text: string) => (printed += text));
    const closed = new Promise((resolve) => server.child.stdout!.once('close', resolve));
    process.kill(-server.child.pid!, 'SIGTERM');
    await closed;
    expect(printed).toContain('apple-pay-session-button-server stopped');
  }, 60_000);

  it('prints its options and environment with --help', () => {
    const help = execFileSync(
      'npx',
      ['--no-install', 'apple-pay-session-button-server', '--help'],
      { cwd: project, encoding: 'utf8' },
    );
    for (const name of [
      'CONNECT_API_KEY_ID',
      'CONNECT_SECRET_API_KEY',
      'CONNECT_MERCHANT_ID',
      'CONNECT_API_ENDPOINT',
      'PORT',
      'ORDERS_FILE',
      'ALLOWED_ORIGINS',
      'DATABASE_URL',
      'DATA_DIR',
      'CONNECT_WEBHOOK_KEY_ID',
      'CONNECT_WEBHOOK_SECRET_KEY',
    ])
      expect(help).toContain(name);
  });

  it('names the package to install when connect-sdk-nodejs is missing, without a stack trace', () => {
    npm(['uninstall', 'connect-sdk-nodejs']);
    let stderr = '';
    try {
      execFileSync('npx', ['--no-install', 'apple-pay-session-button-server'], {
        cwd: project,
        encoding: 'utf8',
        stdio: 'pipe',
        env: {
          ...process.env,
          PORT: '0',
          CONNECT_API_KEY_ID: 'k',
          CONNECT_SECRET_API_KEY: 's',
          CONNECT_MERCHANT_ID: 'm',
          CONNECT_API_ENDPOINT: 'http://localhost:1',
          ORDERS_FILE: 'orders.json',
        },
      });
    } catch (error) {
      stderr = (error as { stderr: string }).stderr;
    }
    expect(stderr).toContain(
      'needs connect-sdk-nodejs to reach Connect: npm install connect-sdk-nodejs',
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
