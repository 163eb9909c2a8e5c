// For `vite build --mode static-demo`: MSW's service worker script, copied beside index.html, where
// demo/static-demo.ts registers it (the package's own copy, so that it matches the msw version installed).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

export function staticDemo(): Plugin {
  return {
    name: 'static-demo',
    apply: 'build',
    generateBundle() {
      const worker = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');
      this.emitFile({
        type: 'asset',
        fileName: 'mockServiceWorker.js',
        source: readFileSync(worker),
      });
    },
  };
}
