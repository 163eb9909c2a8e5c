// `npm pack` as a fresh clone runs it (CI, `npm publish`, a git install): `prepack` builds dist/, and the tarball
// is the complete package, with types that need nothing the user has to find.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'apple-pay-session-button-pack-'));
const clone = join(work, 'clone');
const unpacked = join(work, 'unpacked');

let tarball = '';
let files: string[] = [];
let pkg: {
  exports: Record<string, string | { types?: string; default?: string }>;
  dependencies: Record<string, string>;
  [field: string]: unknown;
};
const shipped = (path: string) => readFileSync(join(unpacked, 'package', path), 'utf8');

beforeAll(() => {
  // HEAD as committed is what a fresh clone holds: no dist/ (it is git-ignored). The clone borrows this
  // checkout's node_modules, as `npm ci` would have installed them.
  mkdirSync(clone);
  execFileSync('git', ['archive', '--format=tar', '-o', join(work, 'head.tar'), 'HEAD'], {
    cwd: root,
  });
  execFileSync('tar', ['-xf', join(work, 'head.tar'), '-C', clone]);
  expect(existsSync(join(clone, 'dist'))).toBe(false);
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir');

  // prepack's build prints to stdout, so the tarball is found by its name, not in `--json` output.
  execFileSync('npm', ['pack', '--pack-destination', work], { cwd: clone, stdio: 'ignore' });
  tarball = join(
    work,
    readdirSync(work).find((name) => name.endsWith('.tgz'))!,
  );
  mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
  files = readdirSync(join(unpacked, 'package'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => posix.relative(join(unpacked, 'package'), join(entry.parentPath, entry.name)))
    .sort();
  pkg = JSON.parse(shipped('package.json'));
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The .d.ts files a project loads from an entry: the entry and every relative import, transitively. */
function reachableTypes(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const [, specifier] of shipped(path).matchAll(/(?:from |import\()['"](\.[^'"]+)['"]/g)) {
      visit(posix.join(posix.dirname(path), specifier!.replace(/\.js$/, '.d.ts')));
    }
  };
  visit(entry);
  return [...seen];
}

const withoutComments = (code: string) =>
  code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
const typeEntries = () =>
  Object.entries(pkg.exports).flatMap(([, target]) =>
    typeof target === 'object' && target.types ? [target.types.replace(/^\.\//, '')] : [],
  );

describe('npm pack from a clean clone', () => {
  it('builds dist/ in prepack and ships only what users need', () => {
    for (const file of files) {
      expect(file).toMatch(
        /^(dist\/[\w./-]+\.(js|d\.ts)|custom-elements\.json|package\.json|README\.md|CHANGELOG\.md|LICENSE)$/,
      );
    }
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/element.js',
        'dist/index.d.ts',
        'dist/element.d.ts',
        'dist/apple-pay-session-button.iife.js',
        'custom-elements.json',
        'CHANGELOG.md',
        'LICENSE',
      ]),
    );
  });

  it('ships every file package.json points at', () => {
    const targets = Object.values(pkg.exports).flatMap((target) =>
      typeof target === 'string' ? [target] : Object.values(target),
    );
    for (const target of [...targets, pkg.main, pkg.types, pkg.customElements]) {
      expect(files, String(target)).toContain(String(target).replace(/^\.\//, ''));
    }
  });

  it('ships a README whose links resolve from node_modules and npm: absolute, or to its own headings', () => {
    const links = [...shipped('README.md').matchAll(/\]\(([^)\s]+)\)/g)].map(
      ([, target]) => target!,
    );
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((target) => !/^(https:\/\/|#)/.test(target))).toEqual([]);
    // The docs and examples it names are this repository's, on GitHub.
    expect(links).toContain(
      'https://github.com/apple-pay-session-button/apple-pay-session-button/blob/main/docs/testing.md',
    );
  });

  it('names where the project lives', () => {
    const project = 'github.com/apple-pay-session-button/apple-pay-session-button';
    expect(pkg.repository).toEqual({ type: 'git', url: `git+https://${project}.git` });
    expect(pkg.homepage).toBe(`https://${project}#readme`);
    expect(pkg.bugs).toEqual({ url: `https://${project}/issues` });
  });

  it('has every .d.ts that uses ApplePayJS or Node’s modules reference those types itself', () => {
    // Each export entry then type-checks alone where `types` is narrowed (check:types proves it in fresh
    // projects); scripts/reference-types.js adds what tsc drops.
    const entries = Object.entries(pkg.exports).filter(
      ([, target]) => typeof target === 'object' && target.types,
    );
    expect(entries.map(([entry]) => entry)).toEqual(
      expect.arrayContaining(['.', './element', './testing', './testing/playwright']),
    );
    const reached = [...new Set(typeEntries().flatMap(reachableTypes))];
    const usingApple = reached.filter((path) => /\bApplePayJS\./.test(shipped(path)));
    const usingNode = reached.filter((path) => /(?:from |import\()['"]node:/.test(shipped(path)));
    expect(usingApple).toEqual(expect.arrayContaining(['dist/testing/playwright.d.ts']));
    expect(usingNode).toEqual(expect.arrayContaining(['dist/testing/connect-emulator/node.d.ts']));
    for (const path of usingApple)
      expect(shipped(path), path).toMatch(/^\/\/\/ <reference types="applepayjs"/m);
    for (const path of usingNode)
      expect(shipped(path), path).toMatch(/^\/\/\/ <reference types="node"/m);
    expect(pkg.dependencies).toHaveProperty('@types/applepayjs');
  });

  it('declares no `any` and imports only what the package depends on', () => {
    // The framework entries are opt-in and import the framework the user has.
    const available = new Set([
      ...Object.keys(pkg.dependencies),
      'react',
      'vue',
      'svelte/elements',
    ]);
    const reached = new Set(typeEntries().flatMap(reachableTypes));
    expect(reached.size).toBeGreaterThan(5);
    for (const path of reached) {
      const code = withoutComments(shipped(path));
      expect(code, path).not.toMatch(/\bany\b/);
      for (const [, specifier] of code.matchAll(/(?:from |import\()['"]([^.'"][^'"]*)['"]/g)) {
        // The test kit's Node entries (emulator server, Playwright helper) use Node's own modules.
        if (specifier!.startsWith('node:')) continue;
        const name = specifier!.startsWith('@')
          ? specifier!.split('/').slice(0, 2).join('/')
          : specifier === 'svelte/elements'
            ? specifier
            : specifier!.split('/')[0]!;
        expect(available, `${path} imports ${specifier}`).toContain(name);
      }
    }
  });
});

describe('npm run release:dry', () => {
  it('prints the script-tag file’s SRI hash and its versioned CDN URLs, for this tarball', () => {
    const {
      stdout: printed,
      stderr,
      status,
    } = spawnSync('node', [join(root, 'scripts/release.js'), tarball], { encoding: 'utf8' });
    const bundle = readFileSync(join(unpacked, 'package/dist/apple-pay-session-button.iife.js'));
    const sri = `sha384-${createHash('sha384').update(bundle).digest('base64')}`;
    const path = `apple-pay-session-button@${pkg.version}/dist/apple-pay-session-button.iife.js`;
    expect(printed).toContain(`integrity="${sri}" crossorigin="anonymous"`);
    expect(printed).toContain(`https://cdn.jsdelivr.net/npm/${path}`);
    expect(printed).toContain(`https://unpkg.com/${path}`);
    for (const file of files) expect(printed).toContain(`  ${file}\n`);
    expect(printed).toContain(`npm publish ${tarball}`);
    // It fails until CHANGELOG.md has a section for the version: an unreleased version has none.
    const released = readFileSync(join(root, 'CHANGELOG.md'), 'utf8').includes(
      `## [${pkg.version}]`,
    );
    expect(status).toBe(released ? 0 : 1);
    if (!released) expect(stderr).toContain(`CHANGELOG.md has no "## [${pkg.version}]" section`);
  });
});
