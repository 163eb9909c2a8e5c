// `npm test` runs this first: on a fresh machine it installs the Debian packages the browser suite drives (CI runs
// as root): Chromium, and WebKitGTK's WebDriver (which brings MiniBrowser) with an X server for it.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.js';
import { WEBKIT_DRIVER, XVFB, findMiniBrowser } from './webkitgtk.js';

const missing = [
  !findChromium() && 'chromium',
  (!existsSync(WEBKIT_DRIVER) || !findMiniBrowser()) && 'webkit2gtk-driver',
  !existsSync(XVFB) && 'xvfb',
].filter(Boolean);
if (!missing.length) process.exit(0);

const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
console.log(`Installing Debian’s ${missing.join(', ')} for the browser tests…`);
try {
  execSync(`${sudo}apt-get update -qq && ${sudo}apt-get install -y -qq ${missing.join(' ')}`, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
} catch {
  console.error(
    `Could not install ${missing.join(', ')}. Install them yourself (CHROMIUM_PATH may name a Chromium).`,
  );
  process.exit(1);
}
if (!findChromium() || !existsSync(WEBKIT_DRIVER) || !findMiniBrowser() || !existsSync(XVFB)) {
  console.error('The browsers were installed but not found (CHROMIUM_PATH may name a Chromium).');
  process.exit(1);
}
