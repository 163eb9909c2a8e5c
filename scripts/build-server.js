// `apple-pay-session-button/server` and its bin, built for Node apart from the element and the test kit (no
// imports from either): ES modules in dist/server/, shared code in a chunk. Node's modules and the optional
// peer dependencies (connect-sdk-nodejs, pg) stay imports, loaded only when used. Types come from tsc.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/server/index.ts', 'src/server/cli.ts'],
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['node:*', 'connect-sdk-nodejs', 'pg'],
  logLevel: 'warning',
  legalComments: 'none',
});
