// `apple-pay-session-button/testing`, built apart from the element (it never enters the element's bundles):
// ES modules in dist/testing/ (shared code in chunks, so that one emulator store serves every entry), and the
// simulator as a classic script. Lit, which the simulator's sheet uses, is bundled: the package depends on
// Lit's base class only. Types come from tsc (tsconfig.build.json).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  external: ['node:*'],
  logLevel: 'warning',
  legalComments: 'none',
};

await build({
  ...common,
  entryPoints: [
    'src/testing/index.ts',
    'src/testing/playwright.ts',
    'src/testing/connect-emulator/index.ts',
    'src/testing/connect-emulator/node.ts',
    'src/testing/connect-emulator/cli.ts',
  ],
  outbase: 'src/testing',
  outdir: 'dist/testing',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});

await build({
  ...common,
  entryPoints: ['src/testing/apple-pay-simulator.ts'],
  outfile: 'dist/testing/apple-pay-simulator.iife.js',
  format: 'iife',
});

// The same entry for Node (SSR, a test runner collecting files): importing an entry there must not throw. Lit's
// own Node build stands in for the DOM classes it extends; the kit's DOM work waits for a page.
await build({
  ...common,
  platform: 'node',
  entryPoints: ['src/testing/index.ts'],
  outfile: 'dist/testing/index.node.js',
  format: 'esm',
});
