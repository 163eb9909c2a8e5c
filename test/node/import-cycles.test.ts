// No import circle anywhere in src/: each module's imports (and re-exports, type-only ones too) lead away from it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const SRC = resolve(new URL('../../src', import.meta.url).pathname);

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(join(dir, entry.name))
      : /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')
        ? [join(dir, entry.name)]
        : [],
  );

/** The src files `file` imports from or re-exports, by relative specifier. */
function imports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const specifiers = [
    ...code.matchAll(/(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]/g),
  ].map((match) => match[1]!);
  return specifiers.map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
}

it('src/ has no import circle', () => {
  const graph = new Map(files(SRC).map((file) => [file, imports(file)]));
  const circles: string[] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]) => {
    if (path.includes(file)) {
      circles.push(
        [...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' → '),
      );
      return;
    }
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    done.add(file);
  };
  for (const file of graph.keys()) visit(file, []);
  expect(circles).toEqual([]);
});
