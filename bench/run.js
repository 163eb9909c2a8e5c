// `npm run bench`: size, latency and cost of <apple-pay-session-button>, each next to a baseline measured in
// the same run (this machine is noisy: ratios, not bare times). Prints a table and writes bench/results.md.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumArgs, findChromium } from '../scripts/chromium.js';

const ROUNDS = 200;
const SESSIONS_FOR_MEMORY = 500;
const lines = [];
const say = (line = '') => (console.log(line), lines.push(line));
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
const ms = (x) => `${x.toFixed(3)} ms`;
const kb = (x) => `${(x / 1000).toFixed(1)} kB`;

async function minified(source, resolveDir, external = []) {
  const result = await build({
    stdin: { contents: source, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external,
    write: false,
    logLevel: 'silent',
    loader: { '.css': 'empty' },
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  });
  return result.outputFiles[0].contents;
}

// ---- Sizes --------------------------------------------------------------------------------------------------
const root = process.cwd();
const peers = mkdtempSync(join(tmpdir(), 'apple-pay-bench-'));
say(
  `# Benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`,
);
say();
process.stdout.write('installing peers into a temporary folder… ');
writeFileSync(join(peers, 'package.json'), '{"private":true}');
execFileSync(
  'npm',
  [
    'install',
    '--no-audit',
    '--no-fund',
    '--silent',
    '@google-pay/button-element',
    '@adyen/adyen-web',
    'braintree-web',
    'connect-sdk-client-js',
  ],
  { cwd: peers, stdio: 'ignore' },
);
const version = (name) =>
  JSON.parse(readFileSync(join(peers, 'node_modules', name, 'package.json'), 'utf8')).version;
console.log('done');

const bundles = [
  [
    'apple-pay-session-button, script-tag bundle (Lit inside)',
    `import ${JSON.stringify(join(root, 'dist/apple-pay-session-button.iife.js'))};`,
    root,
  ],
  [
    'apple-pay-session-button, our code (Lit external)',
    `import ${JSON.stringify(join(root, 'dist/index.js'))};`,
    root,
    ['lit', 'lit/*', '@lit/*'],
  ],
  [
    "floor: Lit's base class (ReactiveElement), which the element extends",
    `import { ReactiveElement } from '@lit/reactive-element'; customElements.define('x-re', class extends ReactiveElement {});`,
    root,
  ],
  [
    'floor: a minimal Lit element (LitElement + lit-html)',
    `import { LitElement, html } from 'lit'; customElements.define('x-min', class extends LitElement { render() { return html\`<button>x</button>\`; } });`,
    root,
  ],
  [
    `connect-sdk-client-js ${version('connect-sdk-client-js')} (Session, for Apple Pay)`,
    `import { Session } from 'connect-sdk-client-js'; globalThis.s = Session;`,
    peers,
  ],
  [
    `@google-pay/button-element ${version('@google-pay/button-element')}`,
    `import '@google-pay/button-element';`,
    peers,
  ],
  [
    `@adyen/adyen-web ${version('@adyen/adyen-web')} (AdyenCheckout + ApplePay)`,
    `import { AdyenCheckout, ApplePay } from '@adyen/adyen-web'; globalThis.a = [AdyenCheckout, ApplePay];`,
    peers,
  ],
  [
    `braintree-web ${version('braintree-web')} (client + apple-pay)`,
    `import client from 'braintree-web/client'; import applePay from 'braintree-web/apple-pay'; globalThis.b = [client, applePay];`,
    peers,
  ],
];
say('## Shipped size (esbuild minify; gzip level 9, brotli quality 11)');
say();
say('| bundle | minified | gzip | brotli | gzip vs our script-tag bundle |');
say('|---|---:|---:|---:|---:|');
let ourGzip;
for (const [name, source, dir, external] of bundles) {
  const bytes = await minified(source, dir, external);
  const gz = gzip(bytes);
  ourGzip ??= gz;
  say(
    `| ${name} | ${kb(bytes.length)} | ${kb(gz)} | ${kb(brotli(bytes))} | ${(gz / ourGzip).toFixed(2)}× |`,
  );
}
rmSync(peers, { recursive: true, force: true });
say();

// ---- The browser ------------------------------------------------------------------------------------------------
// The Connect emulator is the demo's (TypeScript): bundled for Node here.
const emulatorFile = join(mkdtempSync(join(tmpdir(), 'apple-pay-bench-')), 'emulator.mjs');
await build({
  entryPoints: [join(root, 'demo/connect-emulator.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: emulatorFile,
  logLevel: 'silent',
});
const { handleConnect } = await import(emulatorFile);
const page = await build({
  entryPoints: [join(root, 'bench/page.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  logLevel: 'silent',
  define: { __VERSION__: '"bench"' },
});
const pageJs = page.outputFiles[0].text;
const html = `<!doctype html><html lang="en"><body>
<apple-pay-session-button display-name="Bench Shop" country-code="NL" currency-code="EUR" amount="12.50" supported-networks="visa masterCard"></apple-pay-session-button>
<button id="baseline" type="button" style="display:block;width:240px;height:44px;margin-top:8px">baseline</button>
<script type="module" src="/page.js"></script></body></html>`;
const server = createServer((req, res) => {
  if (req.url === '/') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
  if (req.url === '/page.js')
    return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(pageJs);
  handleConnect(req, res, () => res.writeHead(404).end());
});
await new Promise((resolve) => server.listen(0, 'localhost', resolve));
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: [...chromiumArgs, '--js-flags=--expose-gc'],
});
const tab = await browser.newPage();
await tab.goto(`http://localhost:${server.address().port}/`);
await tab.waitForSelector('body[data-ready]');
await tab.waitForSelector('apple-pay-session-button[available]');

/** `ROUNDS` real clicks on `selector`, each session validated then cancelled; the page's samples. */
async function sessions(selector, rounds) {
  await tab.evaluate(() => bench.reset());
  for (let i = 0; i < rounds; i++) {
    await tab.click(selector);
    await tab.waitForFunction(() => bench.validated());
    await tab.evaluate(() => bench.endSession());
  }
  return tab.evaluate(() => bench.samples);
}

process.stdout.write(`clicking ${ROUNDS} sessions each… `);
const baselineSamples = await sessions('#baseline', ROUNDS);
const ourSamples = await sessions('apple-pay-session-button', ROUNDS);
console.log('done');
const misuses = await tab.evaluate(() => bench.misuses());

say(
  `## Latency over ${ROUNDS} sessions each (real clicks in Chromium ${browser.version()}, local Connect emulator)`,
);
say();
say(
  'The strict ApplePaySession refuses a session created outside the synchronous click handler (one `await`,',
);
say(
  `microtask or task is enough), so every click that reached begin() proves it is same-task: ${ourSamples.filter((s) => s.clickToBegin !== undefined).length}/${ROUNDS}, misuses: ${misuses}.`,
);
say();
say('| step | ours median | ours p95 | baseline median | baseline p95 | ratio (median) |');
say('|---|---:|---:|---:|---:|---:|');
for (const [step, key] of [
  ['click → begin()', 'clickToBegin'],
  ['validatemerchant → request sent', 'validateToRequest'],
  ['response → completeMerchantValidation', 'responseToComplete'],
]) {
  const [o, b] = [ourSamples, baselineSamples].map((samples) =>
    samples.map((s) => s[key]).filter((x) => x !== undefined),
  );
  say(
    `| ${step} | ${ms(median(o))} | ${ms(p95(o))} | ${ms(median(b))} | ${ms(p95(b))} | ${(median(o) / Math.max(median(b), 0.001)).toFixed(2)}× |`,
  );
}
say();

// ---- Upgrade and first render ------------------------------------------------------------------------------------
const upgrade = { ours: [], floor: [] };
for (let i = 0; i < 20; i++) {
  upgrade.floor.push(await tab.evaluate(() => bench.upgradeAndRender('minimal-lit-element', 100)));
  upgrade.ours.push(
    await tab.evaluate(() => bench.upgradeAndRender('apple-pay-session-button', 100)),
  );
}
say('## Upgrade and first render of 100 elements (median of 20)');
say();
say('| element | median | ratio |');
say('|---|---:|---:|');
say(`| minimal Lit element | ${ms(median(upgrade.floor))} | 1.00× |`);
say(
  `| apple-pay-session-button | ${ms(median(upgrade.ours))} | ${(median(upgrade.ours) / median(upgrade.floor)).toFixed(2)}× |`,
);
say();

// ---- Memory and listeners -----------------------------------------------------------------------------------------
const cdp = await tab.context().newCDPSession(tab);
async function listeners() {
  let count = 0;
  for (const expression of [
    'window',
    'document',
    "document.querySelector('apple-pay-session-button')",
    "document.querySelector('apple-pay-session-button').shadowRoot.querySelector('button')",
  ]) {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    count += (await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId }))
      .listeners.length;
  }
  return count;
}
async function heap() {
  await tab.evaluate(() => (globalThis.gc(), globalThis.gc()));
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}
/** Heap and listener growth over `SESSIONS_FOR_MEMORY` sessions through `selector`. */
async function growth(selector) {
  await sessions(selector, 10); // warm up
  await tab.evaluate(() => (bench.applePay.sessions.splice(0), bench.reset())); // the double's own records
  const [heapBefore, listenersBefore] = [await heap(), await listeners()];
  await sessions(selector, SESSIONS_FOR_MEMORY);
  await tab.evaluate(() => (bench.applePay.sessions.splice(0), bench.reset()));
  return { heap: (await heap()) - heapBefore, listeners: (await listeners()) - listenersBefore };
}
process.stdout.write(`running ${SESSIONS_FOR_MEMORY} sessions each… `);
const baselineGrowth = await growth('#baseline');
const ourGrowth = await growth('apple-pay-session-button');
console.log('done');
say(`## Growth over ${SESSIONS_FOR_MEMORY} sessions each (after GC)`);
say();
say('| measure | ours | baseline |');
say('|---|---:|---:|');
say(`| JS heap | ${kb(ourGrowth.heap)} | ${kb(baselineGrowth.heap)} |`);
say(
  `| event listeners on window, document, element and its button | ${ourGrowth.listeners} | ${baselineGrowth.listeners} |`,
);
say();
say(
  'Timer resolution in the page is 0.1 ms (no cross-origin isolation), so sub-millisecond steps are coarse.',
);

await browser.close();
server.close();
writeFileSync(join(root, 'bench/results.md'), `${lines.join('\n')}\n`);
console.log('\nwritten to bench/results.md');
