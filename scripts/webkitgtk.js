// The browser suite in WebKit, Safari's engine: WebKitGTK's MiniBrowser, driven through WebKitWebDriver (Debian's
// webkit2gtk-driver) on a private X server (Xvfb). Vitest's WebdriverIO provider does the driving; this file starts
// the X server and the driver when the provider opens its browser, and ends both when it closes (or when this
// process dies: the kernel signals them then, so a crashed run leaves nothing behind).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { webdriverio } from '@vitest/browser-webdriverio';

export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const XVFB = '/usr/bin/Xvfb';
const SETPRIV = '/usr/bin/setpriv';

/** @returns {string | undefined} MiniBrowser, which libwebkit2gtk-4.1-0 installs under its multiarch folder */
export function findMiniBrowser() {
  if (!existsSync('/usr/lib')) return undefined;
  return readdirSync('/usr/lib')
    .map((dir) => `/usr/lib/${dir}/webkit2gtk-4.1/MiniBrowser`)
    .find((path) => existsSync(path));
}

/** Starts `command` so that it ends with this process, whatever way this process ends. */
function child(command, args, options) {
  const withDeathSignal = existsSync(SETPRIV);
  const proc = spawn(
    withDeathSignal ? SETPRIV : command,
    withDeathSignal ? ['--pdeathsig', 'TERM', command, ...args] : args,
    options,
  );
  let output = '';
  proc.stderr?.on('data', (chunk) => (output = (output + chunk).slice(-2000)));
  const stop = () => proc.exitCode === null && proc.signalCode === null && proc.kill();
  process.once('exit', stop);
  return { proc, stop, output: () => output };
}

/** An X server on a display it picks itself (-displayfd), so parallel runs never collide. */
async function startXvfb() {
  const xvfb = child(
    XVFB,
    ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    },
  );
  const display = await new Promise((resolve, reject) => {
    xvfb.proc.stdio[3].once('data', (data) => resolve(`:${String(data).trim()}`));
    xvfb.proc.once('exit', () => reject(new Error(`Xvfb did not start: ${xvfb.output()}`)));
    xvfb.proc.once('error', reject);
  });
  return { ...xvfb, display };
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });

async function startDriver(display) {
  const port = await freePort();
  const driver = child(WEBKIT_DRIVER, [`--port=${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DISPLAY: display },
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (driver.proc.exitCode !== null) throw new Error(`WebKitWebDriver ended: ${driver.output()}`);
    try {
      if ((await globalThis.fetch(`http://127.0.0.1:${port}/status`)).ok)
        return { ...driver, port };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      driver.stop();
      throw new Error(`WebKitWebDriver did not answer on port ${port}: ${driver.output()}`);
    }
    await sleep(50);
  }
}

async function startServices() {
  const xvfb = await startXvfb();
  try {
    const driver = await startDriver(xvfb.display);
    return {
      port: driver.port,
      stop() {
        driver.stop();
        xvfb.stop();
      },
    };
  } catch (error) {
    xvfb.stop();
    throw error;
  }
}

/** Vitest's WebdriverIO provider, pointed at WebKitGTK's MiniBrowser: use as an instance's `provider`, browser `webkit`. */
export function webkitgtk() {
  const capabilities = {
    browserName: 'MiniBrowser',
    // WebKitWebDriver refuses a session that asks for WebDriver BiDi (`webSocketUrl`), which WebdriverIO asks for.
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': { binary: findMiniBrowser(), args: ['--automation'] },
  };
  const base = webdriverio({ hostname: '127.0.0.1', capabilities });
  return {
    ...base,
    supportedBrowser: ['webkit'],
    providerFactory(project) {
      const provider = base.providerFactory(project);
      let services;
      const openBrowser = provider.openBrowser.bind(provider);
      provider.openBrowser = async () => {
        if (!provider.browser) {
          services ??= startServices();
          provider.options = { ...provider.options, port: (await services).port };
        }
        return openBrowser();
      };
      // The instance is named `webkit`; the driver knows the browser as MiniBrowser, with no headless switch.
      provider.buildCapabilities = () => capabilities;
      const close = provider.close.bind(provider);
      provider.close = async () => {
        try {
          await close();
        } finally {
          (await services?.catch(() => undefined))?.stop();
        }
      };
      return provider;
    },
  };
}
