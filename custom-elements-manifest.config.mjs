// The manifest describes the published package: module paths are the files a user imports (the schema asks for
// those, not sources), and the definition is where it happens — `import 'apple-pay-session-button'`.
// (Left alone, the analyzer also reads `customElements.define(tagName, this)` in `define()` as a tag "tagName".)
const SOURCE = 'src/apple-pay-session-button.ts';
const CLASS_MODULE = 'dist/element.js'; // apple-pay-session-button/element
const DEFINING_MODULE = 'dist/index.js'; // apple-pay-session-button
const element = { name: 'ApplePaySessionButton', module: CLASS_MODULE };

export default {
  globs: [SOURCE],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'published-paths',
      packageLinkPhase({ customElementsManifest: manifest }) {
        for (const module of manifest.modules) {
          if (module.path !== SOURCE) continue;
          module.path = CLASS_MODULE;
          module.exports = [{ kind: 'js', name: element.name, declaration: element }];
        }
        manifest.modules.push({
          kind: 'javascript-module',
          path: DEFINING_MODULE,
          declarations: [],
          exports: [
            { kind: 'js', name: element.name, declaration: element },
            {
              kind: 'custom-element-definition',
              name: 'apple-pay-session-button',
              declaration: element,
            },
          ],
        });
      },
    },
  ],
};
