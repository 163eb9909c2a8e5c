// The package as users get it: importing it in Node (SSR), its dependencies, and a reference (docs/reference.md)
// that documents exactly what the Custom Elements Manifest says the element has. What `npm pack` ships:
// package-pack.test.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('the npm package', () => {
  it.each(['apple-pay-session-button', 'apple-pay-session-button/element'])(
    'imports %s in Node without throwing (SSR)',
    async (specifier) => {
      const module = await import(
        /* @vite-ignore */ new URL(
          specifier === 'apple-pay-session-button' ? 'dist/index.js' : 'dist/element.js',
          root,
        ).href
      );
      expect(typeof module.ApplePaySessionButton).toBe('function');
      expect(typeof module.ApplePaySessionButton.define).toBe('function');
    },
  );

  it('imports every module entry of package.json in a Node process of its own without throwing', () => {
    const { exports } = JSON.parse(read('package.json'));
    // Module entries; the classic scripts (.iife.js) are for pages, the framework entries types only.
    const entries = Object.entries(exports as Record<string, string | { default?: string }>)
      .filter(([, target]) => typeof target === 'object' && target.default?.endsWith('.js'))
      .filter(([, target]) => !(target as { default: string }).default.endsWith('.iife.js'))
      .map(([entry]) => `apple-pay-session-button${entry.slice(1)}`);
    expect(entries).toContain('apple-pay-session-button/testing');
    // The package imports itself by name (its exports, with Node's conditions), as an SSR server would.
    const imported = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `for (const entry of ${JSON.stringify(entries)}) await import(entry); console.log('imported');`,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(imported.trim()).toBe('imported');
  });

  it('declares the tag and events for TypeScript users', () => {
    const types = read('dist/index.d.ts') + read('dist/events.d.ts');
    expect(types).toContain("'apple-pay-session-button': ApplePaySessionButton");
    expect(types).toContain("'apple-pay-authorized': CustomEvent<ApplePayAuthorizedDetail>");
  });

  it('depends at run time on Lit alone, and for its types on Apple’s', () => {
    const tree = JSON.parse(
      execFileSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: root, encoding: 'utf8' }),
    );
    const names = new Set<string>();
    const walk = (deps: Record<string, { dependencies?: object }> = {}) => {
      for (const [name, dep] of Object.entries(deps)) {
        names.add(name);
        walk(dep.dependencies as Record<string, { dependencies?: object }>);
      }
    };
    walk(tree.dependencies);
    // Lit's base class and its SSR shim: no template library, nothing else. @types/applepayjs is declarations
    // only (no code): the ApplePayJS types the .d.ts use, so that users need not find them.
    expect([...names].sort()).toEqual([
      '@lit-labs/ssr-dom-shim',
      '@lit/reactive-element',
      '@types/applepayjs',
    ]);
  });

  it('points package.json at its Custom Elements Manifest', async () => {
    const pkg = JSON.parse(read('package.json'));
    expect(pkg.customElements).toBe('custom-elements.json');
    const { modules } = JSON.parse(read(pkg.customElements));
    // Editors and catalogues find the element by its tag: declared on the class and as a definition.
    const declarations = modules.flatMap((m: { declarations: object[] }) => m.declarations);
    expect(declarations).toContainEqual(
      expect.objectContaining({
        name: 'ApplePaySessionButton',
        tagName: 'apple-pay-session-button',
        customElement: true,
      }),
    );
    // Paths are the published files a user imports (the schema's rule), and the class really is there.
    const definingModule = modules.find((m: { exports: { kind: string }[] }) =>
      m.exports.some((e) => e.kind === 'custom-element-definition'),
    );
    expect(definingModule.path).toBe('dist/index.js');
    expect(definingModule.exports).toContainEqual({
      kind: 'custom-element-definition',
      name: 'apple-pay-session-button',
      declaration: { name: 'ApplePaySessionButton', module: 'dist/element.js' },
    });
    for (const { path } of modules) {
      const module = await import(/* @vite-ignore */ new URL(path, root).href);
      expect(typeof module.ApplePaySessionButton, path).toBe('function');
    }
  });
});

describe('the reference in docs/', () => {
  const manifest = JSON.parse(read('custom-elements.json'));
  const element =
    manifest.modules
      .flatMap((m: { declarations: unknown[] }) => m.declarations)
      .find((d: { tagName?: string }) => d.tagName === 'apple-pay-session-button') ??
    manifest.modules
      .flatMap((m: { declarations: unknown[] }) => m.declarations)
      .find((d: { name: string }) => d.name === 'ApplePaySessionButton');
  const reference = read('docs/reference.md');

  it('lists every attribute, property, event, part and CSS property the manifest has', () => {
    const names = [
      ...element.attributes.map((a: { name: string }) => a.name),
      ...element.members
        .filter(
          (m: { kind: string; privacy?: string; static?: boolean; name: string }) =>
            m.kind === 'field' && !m.privacy && !m.static && !m.name.startsWith('#'),
        )
        .map((m: { name: string }) => m.name),
      ...element.events
        .map((e: { name: string }) => e.name)
        .filter((name: string) => name.startsWith('apple-pay-')),
      ...element.cssParts.map((p: { name: string }) => p.name),
      ...element.cssProperties.map((p: { name: string }) => p.name),
    ];
    expect(names.length).toBeGreaterThan(30);
    const missing = names.filter((name: string) => !reference.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});

describe('the README and docs/', () => {
  const pages = ['README.md', ...readdirSync(new URL('docs/', root)).map((name) => `docs/${name}`)];
  /** This repository on GitHub: the README links there, since it ships in the package (node_modules has no docs/). */
  const HOME = 'https://github.com/apple-pay-session-button/apple-pay-session-button/';
  /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
  const anchors = (page: string) =>
    [...read(page).matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
      heading!
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    );

  it.each(pages)('%s links only to files, folders and headings that exist', (page) => {
    const broken = [...read(page).matchAll(/\]\(([^)\s]+)\)/g)].flatMap(([, target]) => {
      // The project's own files, linked absolutely: the repository path after /blob/main/ or /tree/main/.
      const own = target!.startsWith(HOME)
        ? target!.slice(HOME.length).replace(/^(blob|tree)\/main\//, '')
        : undefined;
      if (/^[a-z]+:/.test(target!) && own === undefined) return [];
      const [path, anchor] = (own ?? target!).split('#');
      const file =
        own !== undefined
          ? new URL(path!, root)
          : path
            ? new URL(path, new URL(page, root))
            : new URL(page, root); // a heading of the page itself
      if (!existsSync(file)) return [target];
      const relative = file.pathname.slice(new URL(root).pathname.length);
      return anchor && relative.endsWith('.md') && !anchors(relative).includes(anchor)
        ? [target]
        : [];
    });
    expect(broken).toEqual([]);
  });

  it('links from the README to the project by absolute URL, which also works from node_modules and npm', () => {
    const relative = [...read('README.md').matchAll(/\]\(([^)\s]+)\)/g)]
      .map(([, target]) => target!)
      .filter((target) => !/^([a-z]+:|#)/.test(target));
    expect(relative).toEqual([]);
    expect(read('README.md')).toContain(`${HOME}blob/main/docs/`);
  });

  it('names one set of merchant endpoints, as the examples and the demo serve them', () => {
    // The pages, and the demo's copyable snippet.
    const endpoints = [...pages, 'demo/main.ts'].flatMap((page) =>
      [...read(page).matchAll(/(?<=['`\s(])\/(?:api|checkout|merchant|pay)\b[\w/-]*/g)].map(
        ([path]) => path,
      ),
    );
    expect(endpoints).toContain('/api/apple-pay/charge');
    expect(
      endpoints.filter(
        (path) =>
          // `/api` alone: the prefix a dev server's proxy forwards (the quick start).
          !/^\/api(\/?|\/(apple-pay(\/(session|charge|validate|webhooks|orders\/?))?|demo\/(fault|orders)))$/.test(
            path,
          ),
      ),
    ).toEqual([]);
  });
});
