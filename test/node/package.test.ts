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

  it.each(pages)('%s links only to files and folders that exist', (page) => {
    const links = [...read(page).matchAll(/\]\(([^)\s]+)\)/g)]
      .map(([, target]) => target!.split('#')[0]!)
      .filter((target) => target && !/^[a-z]+:/.test(target));
    const missing = links.filter((target) => !existsSync(new URL(target, new URL(page, root))));
    expect(missing).toEqual([]);
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
          !/^\/api\/(apple-pay(\/(session|charge|validate|webhooks|orders\/?))?|demo\/(fault|orders))$/.test(
            path,
          ),
      ),
    ).toEqual([]);
  });
});
