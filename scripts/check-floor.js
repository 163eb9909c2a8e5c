// `npm run check:floor`: the shipped files run as they are in the README's oldest browsers, Safari and iOS 15.
// esbuild rewrites syntax a target lacks (or that it knows to be broken there, as Safari 15's class fields); a file
// that comes out the same for that target as for the newest browsers needs no rewriting, so it runs there.
// Web APIs are eslint-plugin-compat's part (eslint.config.js).
import { transform } from 'esbuild';
import { readFileSync } from 'node:fs';

const FLOOR = ['safari15', 'ios15'];
const FILES = [
  'dist/apple-pay-session-button.iife.js',
  'dist/index.js',
  'dist/element.js',
  'dist/apple-pay-session-button.js',
];

let failed = false;
for (const file of FILES) {
  const code = readFileSync(file, 'utf8');
  const format = file.endsWith('.iife.js') ? undefined : 'esm';
  const newest = await transform(code, { target: 'esnext', format });
  const floor = await transform(code, { target: FLOOR, format });
  if (newest.code === floor.code) continue;
  failed = true;
  const rewritten = new Set(floor.code.split('\n'));
  const first = newest.code.split('\n').find((line) => !rewritten.has(line));
  console.error(
    `${file} uses syntax that ${FLOOR.join('/')} lack; esbuild rewrites, first:\n  ${first?.trim()}`,
  );
}
if (!failed) console.log(`floor: the shipped files need no rewriting for ${FLOOR.join(', ')}`);
process.exit(failed ? 1 : 0);
