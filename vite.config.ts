import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, findChromium } from './scripts/chromium.js';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  define: { __VERSION__: JSON.stringify(pkg.version) },
  resolve: {
    alias: {
      '@web/test-runner-commands': fileURLToPath(
        new URL('./test/support/test-runner-commands.ts', import.meta.url),
      ),
    },
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
});
