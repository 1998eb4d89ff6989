// ESLint flat config: recommended JS + typescript-eslint rules, and the layer boundaries of
// shared/style-guide.md section 2 as per-folder `no-restricted-imports` (tsconfig.core.json checks
// the same boundary from the compiler's side: no DOM or Node globals in the pure layers).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Relative imports that climb out of a layer into `dirs`: `../rules/index.ts`, `../../views/x.ts`. */
function layerPattern(dirs, message) {
  return { regex: `^(?:\\.\\./)+(?:src/)?(?:${dirs.join('|')})(?:[/.]|$)`, message };
}

/** Bare package specifiers and their subpaths. */
function packagePattern(names, message) {
  return { group: names.flatMap((name) => [name, `${name}/**`]), message };
}

const nodeBuiltins = {
  paths: builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({
    name,
    message: 'The engine is pure: pass file access, time and randomness in as parameters.',
  })),
  patterns: [{ group: ['node:*'], message: 'The engine is pure: pass file access, time and randomness in as parameters.' }],
};

const VIEW_LIBS = ['phaser', 'chart.js', 'zustand'];

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

  // Layer boundaries. `A <- B` means B imports A: engine <- rules <- state <- views <- main.ts.
  {
    files: ['src/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.paths,
          patterns: [
            ...nodeBuiltins.patterns,
            packagePattern([...VIEW_LIBS, 'colyseus', 'colyseus.js'], 'The engine is pure: no UI, state or network libraries.'),
            { group: ['@colyseus/*'], message: 'The engine is pure: no network libraries.' },
            layerPattern(
              ['rules', 'state', 'views', 'net', 'protocol', 'main'],
              'The engine imports nothing from the rest of the project (style guide section 2).',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/rules/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            packagePattern(VIEW_LIBS, 'Game rules are pure: no UI or state libraries.'),
            layerPattern(['state', 'views', 'net', 'main'], 'Rules import only the engine (and protocol types).'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/state/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [layerPattern(['views', 'main'], 'The store does not know its views; views read the store.')] },
      ],
    },
  },
]);
