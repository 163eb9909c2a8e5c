// Every published .d.ts names the global types it uses, so that each export entry type-checks alone in a project
// whose `types` list is narrowed (Vite's templates list only "vite/client"): a file that uses Apple's
// `ApplePayJS` namespace references `applepayjs` (a dependency of the package), a file that imports Node's
// modules references `node`. tsc keeps such a reference only where the source writes it with `preserve="true"`;
// this step adds it after tsc (the build runs it), so no source file has to remember it.
//
//   node scripts/reference-types.js [dist]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'dist';

/** The type packages a declaration file needs, by what it uses. */
const NEEDS = [
  { types: 'applepayjs', uses: /\bApplePayJS\./ },
  { types: 'node', uses: /(?:from |import\()['"]node:/ },
];

let added = 0;
for (const name of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  if (!name.endsWith('.d.ts')) continue;
  const path = join(dist, name);
  const declarations = readFileSync(path, 'utf8');
  const missing = NEEDS.filter(
    ({ types, uses }) =>
      uses.test(declarations) && !declarations.includes(`/// <reference types="${types}"`),
  );
  if (!missing.length) continue;
  const references = missing.map(({ types }) => `/// <reference types="${types}" />\n`).join('');
  writeFileSync(path, references + declarations);
  added += missing.length;
}
console.log(`reference-types: ${added} type reference(s) added in ${dist}/`);
