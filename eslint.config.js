// Lint rules that guard workflow determinism (see STYLE: no Node built-ins, no database or mail
// clients, no floating promises in workflow code). Other folders rely on `tsc --strict`.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'prisma/generated/**', 'dist/**'] },
  {
    files: ['workflows/**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)].map((name) => ({
            name,
            message: 'Workflow code must be deterministic: do I/O in an activity.',
          })),
          patterns: [
            { group: ['@prisma/*', 'pg', 'nodemailer', '**/prisma/client*', '**/prisma/generated/**'], message: 'No database or mail clients in workflows: call an activity.' },
            { regex: 'activities/(?!index\\.js$|mail/failure-types\\.js$)', message: 'Import only activity types (activities/index.ts) or error type names.', allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
