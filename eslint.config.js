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
    // The architecture, kept by the linter: the core reaches the runner through the Log and Reporter ports, and
    // only the GitHub Action's door (src/action) speaks the runner's workflow commands, through its own
    // workflow-commands.ts rather than @actions/core (README, Decisions). (Import circles: `npm run lint:cycles`.)
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@actions/core',
              message:
                'src/action/workflow-commands.ts speaks to the runner; @actions/core costs start-up time.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests, simulators, the demo and the benchmark talk to a terminal on purpose.
    files: ['__tests__/**', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
