import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import { minifyHTMLLiterals } from 'minify-literals';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, findChromium } from './scripts/chromium.js';
import { webkitgtk } from './scripts/webkitgtk.js';
import pkg from './package.json' with { type: 'json' };
import { connectEmulator } from './demo/connect-emulator.js';
import { staticDemo } from './demo/static-demo-build.js';

const local = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Shipped builds only: the CSS inside css`` literals, minified (every byte is paid by shoppers). */
function minifyLiterals(): Plugin {
  return {
    name: 'minify-literals',
    apply: 'build',
    async transform(code, id) {
      if (!id.includes('/src/') || !/\bcss`/.test(code)) return;
      const result = await minifyHTMLLiterals(code, { fileName: id });
      return result ? { code: result.code, map: result.map?.toString() } : undefined;
    },
  };
}

/**
 * Syntax the shipped builds may use: Vite's default (the widely available web baseline) and the README's floor,
 * Safari and iOS 15. `npm run check:floor` checks that the output holds to it.
 */
const BUILD_TARGET = ['safari15', 'ios15', 'chrome111', 'edge111', 'firefox114'];

/**
 * The fuzz test's seed (test/hardening.test.ts): FUZZ_SEED=… replays a run; otherwise a new one each run, the same
 * for both engines. The test prints it.
 */
const FUZZ_SEED = process.env.FUZZ_SEED || String(Math.floor(Math.random() * 2 ** 31));

/** The browser suite, run in each engine. */
const browserTests = {
  include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
  exclude: ['test/e2e/**', 'test/node/**'],
  setupFiles: ['test/support/setup.ts'],
  env: { FUZZ_SEED },
  // Two engines share the machine's cores: the 100-click run needs more than the default 15 s when both run at once.
  testTimeout: 30_000,
  browser: { enabled: true, headless: true, screenshotFailures: false },
};

// `vite` serves the demo; `vite build` makes the npm build (ESM, Lit external);
// `vite build --mode iife` makes the script-tag bundle (Lit inside);
// `vite build --mode static-demo` makes the demo as static files (dist-demo/).
export default defineConfig(({ mode }) => ({
  define: { __VERSION__: JSON.stringify(pkg.version) },
  plugins: [connectEmulator(), minifyLiterals(), ...(mode === 'static-demo' ? [staticDemo()] : [])],
  // A tunnel (https) to the dev server lets Safari on a phone open the demo; the emulator has no secrets.
  server: { allowedHosts: true },
  // Bundled at start, so that the demo's first visit is not reloaded by a late dependency discovery.
  optimizeDeps: { include: ['@lit/reactive-element', 'lit'] },
  resolve: {
    alias: { '@web/test-runner-commands': local('./test/support/test-runner-commands.ts') },
  },
  base: mode === 'static-demo' ? './' : '/',
  build:
    mode === 'static-demo'
      ? { outDir: 'dist-demo' }
      : mode === 'iife'
        ? {
            target: BUILD_TARGET,
            emptyOutDir: false,
            lib: {
              entry: local('./src/index.ts'),
              formats: ['iife'],
              name: 'ApplePaySessionButton',
              fileName: () => 'apple-pay-session-button.iife.js',
            },
            // The global is a plain object: no Symbol.toStringTag saying "Module" (bytes every shopper pays).
            rollupOptions: { output: { generatedCode: { symbols: false } } },
          }
        : {
            target: BUILD_TARGET,
            minify: true,
            lib: {
              entry: { index: local('./src/index.ts'), element: local('./src/element.ts') },
              formats: ['es'],
              fileName: (_format, name) => `${name}.js`,
            },
            rollupOptions: {
              external: [/^lit($|\/)/, /^@lit\//],
              output: { chunkFileNames: 'apple-pay-session-button.js' },
            },
          },
  test: {
    reporters: ['default', './scripts/engine-counts.js'],
    projects: [
      {
        extends: true,
        test: {
          ...browserTests,
          name: 'browser',
          browser: {
            ...browserTests.browser,
            provider: playwright({
              launchOptions: { executablePath: findChromium(), args: chromiumArgs },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        // The same tests in WebKit, Safari's engine (as WebKitGTK): a project of its own, since Vitest serves each
        // project's instances through one provider. `--project webkit` runs it alone.
        extends: true,
        test: {
          ...browserTests,
          name: 'webkit',
          browser: {
            ...browserTests.browser,
            provider: webkitgtk(),
            instances: [{ browser: 'webkit', name: 'browser (webkit)' }],
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/e2e/**/*.test.ts', 'test/node/**/*.test.ts'],
          environment: 'node',
          // A private PostgreSQL for the server's stores (scripts/postgres.js), started once for the run.
          globalSetup: ['test/node/support/postgres-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
}));
