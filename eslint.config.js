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
      // Only the adapter layer may talk to GitHub.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@actions/*'], message: 'only src/github/ imports @actions/*' }] },
      ],
    },
  },
  { files: ['src/github/**', '__tests__/github/**'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['scripts/**', 'bench/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
