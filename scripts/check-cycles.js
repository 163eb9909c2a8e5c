// `npm run check:cycles`: no import circle among the modules under src/. A circle makes the order in which modules
// run depend on which one is imported first, and says that two rooms are really one. Type-only imports count too:
// they tie the modules together for a reader as much as for the compiler. TypeScript's own pre-processor lists each
// file's imports and re-exports; a depth-first walk over the relative ones finds the circles.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';

const ROOT = 'src';

const files = readdirSync(ROOT, { recursive: true })
  .map((file) => join(ROOT, String(file)).replaceAll('\\', '/'))
  .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts'));

/** `./x.js` written in `file` → the source it names, `src/…/x.ts`; undefined for packages. */
function resolve(file, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = normalize(join(dirname(file), specifier)).replaceAll('\\', '/');
  const stem = base.replace(/\.(js|ts|tsx)$/, '');
  return [`${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`].find((path) => existsSync(path));
}

const imports = new Map(
  files.map((file) => [
    file,
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.map(({ fileName }) => resolve(file, fileName))
      .filter(Boolean),
  ]),
);

const circles = [];
const done = new Set();
function walk(file, path) {
  const at = path.indexOf(file);
  if (at >= 0) return void circles.push([...path.slice(at), file]);
  if (done.has(file)) return;
  for (const next of imports.get(file) ?? []) walk(next, [...path, file]);
  done.add(file);
}
for (const file of imports.keys()) walk(file, []);

for (const circle of circles) console.error(`import circle: ${circle.join(' → ')}`);
if (circles.length) process.exit(1);
console.log(`cycles: none among ${imports.size} modules of ${ROOT}/`);
