// ESLint for the playground's TypeScript and the test scripts (tsc checks the types).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'pkg/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['tests/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', URLSearchParams: 'readonly' },
    },
  },
  {
    files: ['tests/**/*.mjs', 'scripts/compare-first-diagnostics.mjs'],
    // Callbacks passed to page.evaluate run in the browser.
    languageOptions: { globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', getComputedStyle: 'readonly', performance: 'readonly', MutationObserver: 'readonly' } },
  },
);
