import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '__tests__/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Only the adapter layer may talk to GitHub; tests may use Actions libraries.
    files: ['src/**'],
    ignores: ['src/github/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@actions/*'], message: 'only src/github/ imports @actions/*' }] },
      ],
    },
  },
  {
    // The layers point one way: core (pure) ← system (processes, disk) ←
    // pipeline ← cli / github. A rule, not a convention (see
    // __tests__/repo/layers.test.ts, which proves it bites).
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@actions/*'], message: 'only src/github/ imports @actions/*' },
            {
              group: ['**/cli/*', '**/pipeline/*', '**/github/*', '**/system/*'],
              message:
                'src/core is pure: it imports nothing from system/, pipeline/, cli/ or github/',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/system/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@actions/*'], message: 'only src/github/ imports @actions/*' },
            {
              group: ['**/pipeline/*', '**/github/*', '**/cli/*'],
              message: 'src/system imports only core: not pipeline/, cli/ or github/',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'bench/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
