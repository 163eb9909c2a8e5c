// Type-level checks that framework templates see the element's types: Vue (vue-tsc) and Svelte (svelte-check).
// React's JSX check is plain tsc (test/types/react-usage.tsx). Each file also holds misuses that must fail.
import { execFileSync, spawnSync } from 'node:child_process';

execFileSync('npx', ['vue-tsc', '--noEmit', '-p', 'test/types/vue/tsconfig.json'], {
  stdio: 'inherit',
});

const svelte = spawnSync(
  'npx',
  [
    'svelte-check',
    '--workspace',
    'test/types/svelte',
    '--tsconfig',
    './tsconfig.json',
    '--output',
    'machine',
  ],
  { encoding: 'utf8' },
);
const errors = svelte.stdout.split('\n').filter((line) => / ERROR /.test(line));
const expected = [
  /"Wrong\.svelte" 6:\d+ "Type 'number' is not assignable to type 'string'/,
  /"Wrong\.svelte" 7:\d+ "Property 'token' does not exist/,
];
const unexpected = errors.filter((line) => !expected.some((pattern) => pattern.test(line)));
const missing = expected.filter((pattern) => !errors.some((line) => pattern.test(line)));
if (unexpected.length || missing.length) {
  console.error('svelte-check did not give exactly the expected errors.');
  for (const line of unexpected) console.error(`unexpected: ${line}`);
  for (const pattern of missing) console.error(`missing: ${pattern}`);
  process.exit(1);
}
console.log(
  'framework types: Vue and Svelte templates type-check, and their misuses fail as expected',
);
