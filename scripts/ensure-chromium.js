// `npm test` runs this first: on a fresh machine it installs Debian's Chromium (CI runs as root).
import { execSync } from 'node:child_process';
import { findChromium } from './chromium.js';

if (findChromium()) process.exit(0);

const isRoot = process.getuid?.() === 0;
const sudo = isRoot ? '' : 'sudo ';
console.log('Chromium not found: installing Debian’s chromium package for the browser tests…');
try {
  execSync(`${sudo}apt-get update -qq && ${sudo}apt-get install -y -qq chromium`, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
} catch {
  console.error(
    'Could not install Chromium. Install it yourself, or set CHROMIUM_PATH to a Chromium/Chrome binary.',
  );
  process.exit(1);
}
if (!findChromium()) {
  console.error('Chromium was installed but not found; set CHROMIUM_PATH.');
  process.exit(1);
}
