import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'lib/', 'node_modules/', 'coverage/', '.ci/node24/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // The architecture, kept by the linter: the runner's toolkit only in the GitHub Action's door (src/action);
    // the core reaches the runner through the Log and Reporter ports. (Import circles: `npm run lint:cycles`.)
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@actions/core', message: 'Only src/action/ may talk to the GitHub runner.' }] },
      ],
    },
  },
  {
    files: ['src/action/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Tests, simulators, the demo and the benchmark talk to a terminal on purpose.
    files: ['__tests__/**', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
