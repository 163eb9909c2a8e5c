// The published types as a first-day user meets them: fresh projects outside the repository install the packed
// tarball and type-check with `skipLibCheck: false` (see test/types/README.md):
// - every export entry of package.json that has types, each in a project of its own (a user who imports only that
//   entry: a global type it uses without referencing it fails there), on TypeScript 5.9 and 7: in a browser app
//   (no Node types; React, Vue and Svelte installed) every entry that needs no Node, and in a Node project
//   (`@types/node`, `NodeNext` resolution, the package's peer dependencies) every entry that needs no framework —
//   so an entry added to package.json is checked without a change here (and one that fits neither fails);
// - plain TypeScript and React 19 TSX on TypeScript 5.9, 6 and 7, Vue 3 with vue-tsc, Svelte 5 with svelte-check,
//   misuses included: a project must give exactly the errors its files' `must fail (TSnnnn)` comments announce;
// - every TypeScript, TSX, Vue, Svelte and page JavaScript block of the README and docs/ (scripts/docs-blocks.js,
//   docs/docs-that-run.md), in the project of its kind.
//
//   node scripts/check-framework-types.js [package.tgz]   (default: `npm pack` of this repository's built dist/)
//
// The tarball is installed once; the Node project copies that install. Compilers, framework and Node types are
// this repository's own, linked in, so the check costs seconds, not an install per project. The entries' own
// projects cost little: TypeScript 7 builds them all in one `tsc -b`, and 5.9 checks them in one process
// (scripts/check-alone.js).
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { allCodeBlocks, blockFileName, importsOf, typeCheckTarget } from './docs-blocks.js';
import {
  compilers,
  copyApp,
  inLanes,
  installApp,
  linkPackages,
  modules,
  packTarball,
  pkg,
  repo,
} from './consumer-projects.js';

const fixtures = join(repo, 'test/types');
const started = performance.now();

/** The package's entries with types, as a user imports them: `apple-pay-session-button/testing`… */
const typedEntries = Object.entries(pkg.exports).flatMap(([entry, target]) =>
  typeof target === 'object' && target.types
    ? [{ specifier: posix.join(pkg.name, entry), types: target.types }]
    : [],
);

/** The package a bare specifier names: `svelte/elements` → `svelte`, `@types/x` stays whole. */
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
/** What a package provides to `import` (`@types/react` provides `react`). */
const provides = (name) => name.replace(/^@types\/(?!.*__)/, '');

/**
 * What an entry's declaration closure (its .d.ts and their relative imports) needs from the project: Node's
 * types (a `/// <reference types="node" />`), and the packages it imports that are not the package's own
 * dependencies (the framework of a framework entry).
 */
function requirements(installed, typesFile) {
  const seen = new Set();
  const needs = { node: false, packages: new Set() };
  const visit = (path) => {
    if (seen.has(path) || !existsSync(join(installed, path))) return;
    seen.add(path);
    const declarations = readFileSync(join(installed, path), 'utf8');
    if (declarations.includes('/// <reference types="node"')) needs.node = true;
    for (const [, specifier] of declarations.matchAll(/(?:from |import\()['"]([^'"]+)['"]/g)) {
      if (specifier.startsWith('.')) {
        visit(posix.join(posix.dirname(path), specifier.replace(/\.js$/, '.d.ts')));
      } else if (specifier.startsWith('node:')) {
        needs.node = true;
      } else if (!(packageOf(specifier) in (pkg.dependencies ?? {}))) {
        needs.packages.add(packageOf(specifier));
      }
    }
  };
  visit(posix.normalize(typesFile));
  return needs;
}

/**
 * A project of its own for one entry, beside the app's project of that kind (whose settings it takes): a user
 * importing only that entry. Lib files are TypeScript's to check (`skipDefaultLibCheck`); the rest is not skipped.
 */
function entryProject(folder, baseProject, { specifier }) {
  const dir = join(folder, `entry-${specifier.replace(/[^\w]+/g, '-')}`);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: `../${baseProject}/tsconfig.json`,
      compilerOptions: { skipDefaultLibCheck: true },
      include: ['Entry.ts'],
    }),
  );
  writeFileSync(
    join(dir, 'Entry.ts'),
    `import type * as entry from '${specifier}';\nexport type Entry = typeof entry;\n`,
  );
  return join(dir, 'tsconfig.json');
}

/** The docs' blocks, written into the project of their kind; `origin` maps a file's line back to its page. */
const blockFiles = new Map();
function writeBlocks(target, folder) {
  const blocks = allCodeBlocks().filter((block) => typeCheckTarget(block) === target);
  for (const block of blocks) {
    const file = blockFileName(block);
    // A page's script is checked as a module of its own: its names are not another block's (a line after the
    // block's last keeps the line numbers).
    writeFileSync(join(folder, file), `${block.code}\n${target === 'js' ? 'export {};\n' : ''}`);
    blockFiles.set(file, block);
  }
  // What the blocks import besides the package, when this repository has it: as the reader would have installed.
  return blocks
    .flatMap((block) => importsOf(block.code))
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
    .map(packageOf)
    .filter((name) => name !== pkg.name && existsSync(join(modules, name)));
}
const origin = (file, line) => {
  const block = blockFiles.get(file);
  return block && `${block.page}:${block.line + line - 1}`;
};

const work = mkdtempSync(join(tmpdir(), 'apple-pay-session-button-consumers-'));
try {
  const tarball = process.argv[2] ? resolve(process.argv[2]) : undefined;
  if (!tarball && !existsSync(join(repo, 'dist/index.d.ts'))) {
    throw new Error('No dist/: run `npm run build` first, or pass a packed .tgz.');
  }

  // The browser app (the framework projects, a page's TypeScript and JavaScript), and the Node project (a
  // merchant's Node test or server) with the same install, copied.
  const app = join(work, 'app');
  installApp(app, tarball ?? packTarball(work));
  const installed = join(app, 'node_modules', pkg.name);
  const nodeApp = join(work, 'node-app');
  copyApp(app, nodeApp);

  for (const project of ['ts', 'vue', 'svelte', 'js']) {
    cpSync(join(fixtures, project), join(app, project), { recursive: true });
  }
  cpSync(join(fixtures, 'node'), join(nodeApp, 'node'), { recursive: true });
  const browserLinks = new Set(['@types/react', 'vue', 'svelte']);
  for (const target of ['ts', 'vue', 'svelte', 'js']) {
    for (const name of writeBlocks(target, join(app, target))) browserLinks.add(name);
  }
  const nodeLinks = new Set([
    '@types/node',
    ...Object.keys(pkg.peerDependencies ?? {}).filter((name) => existsSync(join(modules, name))),
    ...writeBlocks('node', join(nodeApp, 'node')),
  ]);
  linkPackages(app, [...browserLinks]);
  linkPackages(nodeApp, [...nodeLinks]);

  // Each entry where a user of it has what it needs: a browser app has no Node types; a framework entry needs its
  // framework. An entry new in package.json lands in both, or tells why not.
  const checkable = (links, node) =>
    typedEntries.filter((entry) => {
      const needs = requirements(installed, entry.types);
      const available = new Set([...links].map(provides));
      return (node || !needs.node) && [...needs.packages].every((name) => available.has(name));
    });
  const browserEntries = checkable(browserLinks, false);
  const nodeEntries = checkable(nodeLinks, true);
  const unchecked = typedEntries.filter(
    (entry) => !browserEntries.includes(entry) && !nodeEntries.includes(entry),
  );
  if (unchecked.length) {
    throw new Error(
      `No consumer project has what these entries need: ${unchecked.map((e) => e.specifier).join(', ')}`,
    );
  }
  // Each entry alone, as a user who imports only it: a global type it uses but does not reference fails there.
  const entryProjects = [
    ...browserEntries.map((entry) => entryProject(app, 'ts', entry)),
    ...nodeEntries.map((entry) => entryProject(nodeApp, 'node', entry)),
  ];

  const [ts59, ts6, ts7] = compilers;
  const tsc = (compiler) => [compiler.bin, '-p', 'tsconfig.json', '--pretty', 'false'];
  // Slowest first, so that the two lanes finish together.
  const checks = [
    {
      name: `Vue 3, vue-tsc (TypeScript ${ts6.version})`,
      cwd: join(app, 'vue'),
      args: [join(modules, 'vue-tsc/bin/vue-tsc.js'), '-p', 'tsconfig.json', '--pretty', 'false'],
    },
    {
      name: `Svelte 5, svelte-check (TypeScript ${ts6.version})`,
      cwd: join(app, 'svelte'),
      args: [
        join(modules, 'svelte-check/bin/svelte-check'),
        ...['--workspace', '.', '--tsconfig', './tsconfig.json', '--output', 'machine-verbose'],
      ],
    },
    ...[ts59, ts6, ts7].map((compiler) => ({
      name: `browser app, plain TS and React 19 TSX: TypeScript ${compiler.version}`,
      cwd: join(app, 'ts'),
      args: tsc(compiler),
    })),
    {
      // One compiler: the Node project holds no misuses, and its entries are checked alone on 5.9 and 7 below.
      name: `Node project, a Playwright test: TypeScript ${ts7.version}`,
      cwd: join(nodeApp, 'node'),
      args: tsc(ts7),
    },
    {
      name: `each entry alone (${browserEntries.length} in a browser app, ${nodeEntries.length} in a Node project): TypeScript ${ts7.version}`,
      cwd: work,
      args: [ts7.bin, '-b', ...entryProjects, '--pretty', 'false'],
    },
    {
      // TypeScript 5.9 through its API in one process (the package's declarations checked in each program).
      name: `each entry alone: TypeScript ${ts59.version}`,
      cwd: work,
      args: [
        join(repo, 'scripts/check-alone.js'),
        join(modules, ts59.name, 'lib/typescript.js'),
        pkg.name,
        ...entryProjects,
      ],
    },
    {
      name: `a page's JavaScript, checkJs: TypeScript ${ts7.version}`,
      cwd: join(app, 'js'),
      args: tsc(ts7),
    },
  ].map((check) => ({ ...check, origin }));

  console.log(
    `Type-checking ${typedEntries.length} entries of package.json and ${blockFiles.size} code blocks of the docs:`,
  );
  if (!(await inLanes(checks))) process.exitCode = 1;
  console.log(`check:types took ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
