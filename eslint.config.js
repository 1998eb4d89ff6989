// ESLint flat config: recommended JS + typescript-eslint rules, and the layer boundaries of
// shared/style-guide.md section 2 as data (scripts/lint/layers.json, checked by the rule in
// scripts/lint/layer-boundaries.js); tsconfig.core.json checks the pure layers from the
// compiler's side (no DOM or Node globals).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layers from './scripts/lint/layer-boundaries.js';

export default defineConfig([
  globalIgnores(['dist/', 'build/', 'node_modules/', 'coverage/', 'test/e2e/__screenshots__/']),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },

  // Where each file runs decides its globals (TS files get no-undef from the compiler instead).
  { files: ['src/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['test/**', 'scripts/**', 'bin/**', 'server/**', '*.config.{js,ts,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs', 'scripts/bench/shims/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },

  // Layer boundaries: which layer may import which (through its barrel), which packages, and no
  // Node built-ins in the browser's layers. The policy is data, in scripts/lint/layers.json.
  { plugins: { layers }, rules: { 'layers/boundaries': 'error' } },
]);
