// Flat config: type-aware rules would double the lint time on a 2-core machine, so the recommended set is used.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/peers/**', 'coverage/**', '*.js', '*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // The audit console runs in the browser, not in Node.
  { files: ['console/**/*.{ts,tsx}'], ignores: ['console/vite.config.ts'], languageOptions: { globals: globals.browser } },
  { files: ['console/vite.config.ts', 'src/**/*.ts', 'projections/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'], languageOptions: { globals: globals.node } },
);
