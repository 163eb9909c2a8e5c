// The analyzer reads `customElements.define(tagName, this)` in `define()` as a definition of a tag named
// "tagName" for an anonymous class. The tag the package defines is fixed: say so, for editors and catalogues.
const TAG = 'apple-pay-session-button';

export default {
  globs: ['src/apple-pay-session-button.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'tag-definition',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          module.exports = module.exports?.map((entry) =>
            entry.kind === 'custom-element-definition'
              ? {
                  ...entry,
                  name: TAG,
                  declaration: { name: 'ApplePaySessionButton', module: module.path },
                }
              : entry,
          );
        }
      },
    },
  ],
};
