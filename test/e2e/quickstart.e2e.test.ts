// docs/quickstart.md followed to the letter, as a newcomer would, in a fresh folder outside the repository: the
// page's steps (its `<!-- quickstart: … -->` markers, docs/docs-that-run.md) for every reader and for the script-tag
// page, in the page's order — shell commands in one working directory that `cd` moves, programs that keep running
// started in the background (each in a terminal of its own), files written where the page says. Then the page it
// built is opened in Chromium with the simulator the page itself loads, and a person's clicks pay: the button, then
// the sheet's pay button. The page must say what the quick start promises, the emulator must hold exactly one
// payment, of the order book's amount, and the server must say the order is paid.
//
// Two liberties, no more: the page's ports (8787, 3000, 5173) become free ones wherever the page names them, since
// other programs on this machine may hold those; and the package comes from this repository, packed where the
// page's skipped `git clone … && npm pack` step puts it. npm takes what it can from its cache.
//
// The same project then checks the server program's first day (`npx apple-pay-session-button-server` after
// `npm install apple-pay-session-button connect-sdk-nodejs` and nothing else: the page starts the server before it
// installs Vite): it stops cleanly on SIGTERM, `--help` lists the contract's environment, and without
// connect-sdk-nodejs it names what to install, with no stack trace.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumArgs, findChromium } from '../../scripts/chromium.js';
import { codeBlocks, type CodeBlock } from '../../scripts/docs-blocks.js';

const PAGE = 'docs/quickstart.md';
/** The reader this test is: the page's steps for everyone, and those for a page with a script tag. */
const READER = 'script-tag';

const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'apple-pay-quickstart-'));
const running: { code: string; child: ChildProcess; output: () => string }[] = [];
/** Programs the test stops itself; any other that ends says why in the test's output. */
const stopping = new Set<ChildProcess>();
let browser: Browser | undefined;

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The page's ports, each where the page names one (`localhost:3000`, `PORT=3000`, `--port 8787`, `port: 5173`). */
const PORT_NAMED = /(localhost:|PORT=|--port |port: )(8787|3000|5173)\b/g;
const ports = new Map<string, string>();
const localised = (text: string) =>
  text.replace(PORT_NAMED, (_, before: string, port: string) => `${before}${ports.get(port)}`);

/** A newcomer's terminal: nothing of this test runner's environment, npm's cache preferred. */
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  ...(process.env.TMPDIR && { TMPDIR: process.env.TMPDIR }),
  NO_COLOR: '1',
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_ignore_scripts: 'true',
  npm_config_loglevel: 'error',
};

/** Runs a `run` step's commands in `cwd`; returns where its `cd`s left the terminal. */
function run(code: string, cwd: string): string {
  const where = join(work, '.pwd');
  try {
    execFileSync('bash', ['-e', '-c', `${code}\npwd > '${where}'`], {
      cwd,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `The page's commands failed in ${cwd}:\n${code}\n${stdout ?? ''}${stderr ?? ''}`,
      { cause: error },
    );
  }
  return readFileSync(where, 'utf8').trim();
}

/** Starts a `start` step's program in a terminal of its own; resolves once it prints its URL. */
async function start(code: string, cwd: string): Promise<void> {
  const child = spawn('bash', ['-c', code], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  running.push({ code, child, output: () => output });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (output += text));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output += `${line}\n`;
      if (/http:\/\/localhost:\d+/.test(line)) resolve();
    });
    child.once('exit', (status) =>
      reject(new Error(`${code}\nexited (${status}) before it printed a URL:\n${output}`)),
    );
  });
  child.once('exit', (status, signal) => {
    if (!stopping.has(child)) console.error(`${code}\nended (${status ?? signal}):\n${output}`);
  });
}

/** The program a start step ran, by what its command names. */
const program = (name: string) => running.find(({ code }) => code.includes(name))!;

afterAll(async () => {
  await browser?.close();
  for (const { child } of running) {
    stopping.add(child);
    try {
      process.kill(-child.pid!, 'SIGKILL'); // the program's whole group: bash, npx, node
    } catch {
      // already gone
    }
  }
  rmSync(work, { recursive: true, force: true });
});

describe('docs/quickstart.md, followed to the letter', () => {
  const steps = codeBlocks(PAGE).filter(
    (block): block is CodeBlock & { quickstart: NonNullable<CodeBlock['quickstart']> } =>
      !!block.quickstart &&
      block.quickstart.action !== 'skip' &&
      (!block.quickstart.reader || block.quickstart.reader === READER),
  );
  let app = work;

  it('installs, starts the emulator, the server and the page, and a shopper pays through the simulator', async () => {
    for (const port of ['8787', '3000', '5173']) ports.set(port, String(await freePort()));
    // Where the page's skipped step leaves the package: `apple-pay-session-button/` beside the app's folder.
    const checkout = join(work, 'apple-pay-session-button');
    mkdirSync(checkout);
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', checkout], {
      cwd: root,
      stdio: 'ignore',
    });

    let cwd = work;
    for (const { quickstart: step, code } of steps) {
      if (step.action === 'run') cwd = run(localised(code), cwd);
      if (step.action === 'start') await start(localised(code), cwd);
      if (step.action === 'file') {
        mkdirSync(dirname(join(cwd, step.path!)), { recursive: true });
        writeFileSync(join(cwd, step.path!), `${localised(code)}\n`);
      }
    }
    app = cwd;
    // The three programs, each in a terminal of its own, in the page's order.
    const programs = [
      'apple-pay-session-button-emulator',
      'apple-pay-session-button-server',
      'vite',
    ];
    expect(
      running.map(({ code }) => programs.find((name) => code.includes(`npx ${name}`))),
    ).toEqual(programs);

    // What the page promises the shopper sees, and the order the page's checkout names.
    const markdown = readFileSync(join(root, PAGE), 'utf8');
    const paidWords = /the page says \*\*(.+?)\*\*/.exec(markdown)![1]!;
    const orderId = /data-order-id="([^"]+)"/.exec(
      readFileSync(join(app, 'index.html'), 'utf8'),
    )![1]!;
    const book = JSON.parse(readFileSync(join(app, 'orders.json'), 'utf8'));

    browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
    const page = await browser.newPage();
    const shop = `http://localhost:${ports.get('5173')}`;
    // What went wrong, when something does: the page's errors and the answers it did not want.
    const seen: string[] = [];
    page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) seen.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${shop}/`);
    // A person's clicks: the button once it shows, then the sheet's pay button once it can be pressed.
    try {
      await page.locator('apple-pay-session-button[available]').click({ timeout: 15_000 });
      await page.locator('apple-pay-simulator-sheet button.pay').click({ timeout: 15_000 });
    } catch (error) {
      throw new Error(`${(error as Error).message}\nThe page met:\n${seen.join('\n')}`, {
        cause: error,
      });
    }
    await expect
      .poll(() => page.locator('#message').textContent(), { timeout: 10_000 })
      .toBe(paidWords);

    const emulator = `http://localhost:${ports.get('8787')}`;
    const payments = await (await fetch(`${emulator}/emulator/payments`)).json();
    expect(payments).toEqual([
      expect.objectContaining({
        merchantReference: `${orderId}-1`,
        amount: book[orderId].amount,
        currencyCode: book[orderId].currencyCode,
      }),
    ]);
    expect(payments[0].status).not.toBe('REJECTED');
    const order = await (await fetch(`${shop}/api/apple-pay/orders/${orderId}`)).json();
    expect(order).toMatchObject({ orderId, state: 'paid' });
  }, 240_000);

  it('the server stops cleanly on SIGTERM', async () => {
    const server = program('apple-pay-session-button-server');
    const closed = new Promise((resolve) => server.child.stdout!.once('close', resolve));
    stopping.add(server.child);
    process.kill(-server.child.pid!, 'SIGTERM');
    await closed;
    expect(server.output()).toContain('apple-pay-session-button-server stopped');
  });

  it('the server prints its options and environment with --help', () => {
    const help = execFileSync(
      'npx',
      ['--no-install', 'apple-pay-session-button-server', '--help'],
      {
        cwd: app,
        env,
        encoding: 'utf8',
      },
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

  it('without connect-sdk-nodejs the server names the package to install, with no stack trace', () => {
    // Not installed, as far as Node's resolution can tell.
    renameSync(join(app, 'node_modules/connect-sdk-nodejs'), join(app, 'connect-sdk-nodejs-aside'));
    let stderr = '';
    try {
      execFileSync('npx', ['--no-install', 'apple-pay-session-button-server'], {
        cwd: app,
        encoding: 'utf8',
        stdio: 'pipe',
        env: {
          ...env,
          PORT: '0',
          CONNECT_API_KEY_ID: 'k',
          CONNECT_SECRET_API_KEY: 's',
          CONNECT_MERCHANT_ID: 'm',
          CONNECT_API_ENDPOINT: 'http://localhost:1',
          ORDERS_FILE: 'orders.json',
          DATA_DIR: join(work, 'no-sdk-data'),
        },
      });
    } catch (error) {
      stderr = (error as { stderr: string }).stderr;
    }
    expect(stderr).toContain(
      'needs connect-sdk-nodejs to reach Connect: npm install connect-sdk-nodejs',
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
