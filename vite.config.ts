import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, findChromium } from './scripts/chromium.js';
import pkg from './package.json' with { type: 'json' };
import { connectEmulator } from './demo/connect-emulator.js';

const local = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// `vite` serves the demo; `vite build` makes the npm build (ESM, Lit external);
// `vite build --mode iife` makes the script-tag bundle (Lit inside).
export default defineConfig(({ mode }) => ({
  define: { __VERSION__: JSON.stringify(pkg.version) },
  plugins: [connectEmulator()],
  resolve: {
    alias: { '@web/test-runner-commands': local('./test/support/test-runner-commands.ts') },
  },
  build:
    mode === 'iife'
      ? {
          emptyOutDir: false,
          lib: {
            entry: local('./src/index.ts'),
            formats: ['iife'],
            name: 'ApplePaySessionButton',
            fileName: () => 'apple-pay-session-button.iife.js',
          },
        }
      : {
          lib: {
            entry: { index: local('./src/index.ts'), element: local('./src/element.ts') },
            formats: ['es'],
          },
          rollupOptions: { external: [/^lit($|\/)/, /^@lit\//] },
        },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: { executablePath: findChromium(), args: chromiumArgs },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
}));
