import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import compat from 'eslint-plugin-compat';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-demo'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  wc.configs['flat/recommended'],
  lit.configs['flat/recommended'],
  {
    // Shipped code runs on pages under strict CSP and Trusted Types: no string-to-code or string-to-HTML sinks.
    // (src/server/ runs in Node only.)
    files: ['src/**'],
    ignores: ['src/server/**'],
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'write', 'writeln'].map((property) => ({
          property,
          message: 'A string-to-HTML sink breaks under Trusted Types; render with lit-html.',
        })),
      ],
      'no-console': 'error',
    },
  },
  {
    // The README's floor: shipped code uses no web API that Safari or iOS 15 lacks (the build checks the syntax).
    files: ['src/**'],
    ignores: ['src/testing/**', 'src/server/**'],
    plugins: { compat },
    settings: { browsers: ['safari >= 15', 'ios_saf >= 15'] },
    rules: {
      'compat/compat': 'error',
      // Methods on instances escape compat/compat: the ones that once slipped in, by name.
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='throwIfAborted']",
          message: 'AbortSignal.throwIfAborted() needs Safari 15.4; check signal.aborted.',
        },
      ],
    },
  },
  {
    // The merchant's server (Node): eval-like sinks stay banned, and it logs through its own logger.
    files: ['src/server/**'],
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['test/**', 'demo/**', 'bench/**', 'src/testing/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // bench/run.js hands these functions to the page, where bench/page.ts defines `bench`.
    files: ['bench/run.js'],
    languageOptions: { globals: { bench: 'readonly' } },
  },
  {
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        console: 'readonly',
        process: 'readonly',
      },
    },
  },
);
