// Lint rules that guard workflow determinism (see STYLE: no Node built-ins, no database or mail
// clients, no floating promises in workflow code, patches asked through workflows/patch-steps.ts) and
// the direction of imports between the layers: domain ← contracts ← workflows; domain ← store, links
// ← activities, client. Other folders rely on `tsc --strict`.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const noIo = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code must be deterministic: do I/O in an activity.' })),
  patterns: [
    {
      group: ['@prisma/*', 'pg', 'nodemailer', '**/prisma/client*', '**/prisma/generated/**'],
      message: 'No database or mail clients in workflows: call an activity.',
    },
  ],
};
const upward = (message, ...group) => ({ group, message });
/** The workflows' import rules; patch-steps.ts alone may ask Temporal's patch API. */
const workflowImports = (askPatches) => [
  'error',
  {
    ...noIo,
    paths: [
      ...noIo.paths,
      ...(askPatches
        ? []
        : [
            {
              name: '@temporalio/workflow',
              importNames: ['patched', 'deprecatePatch'],
              message: 'Ask a patch with patchApplies (workflows/patch-steps.ts), its plan written beside its id.',
            },
          ]),
    ],
    patterns: [
      ...noIo.patterns,
      {
        regex: 'activities/(?!index\\.js$)',
        message: 'Import only activity types (activities/index.ts); shared names live in contracts/.',
        allowTypeImports: true,
      },
      upward('Workflows never import client code.', '**/client/**'),
      upward('Workflows reach PostgreSQL and links through activities only.', '**/store/**', '**/links/**'),
    ],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'prisma/generated/**', 'dist/**'] },
  {
    files: ['workflows/**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': workflowImports(false),
    },
  },
  { files: ['workflows/patch-steps.ts'], rules: { 'no-restricted-imports': workflowImports(true) } },
  {
    // What workflows, activities and clients agree on: as deterministic as workflow code, and it
    // imports nothing but the domain and itself.
    files: ['contracts/**/*.ts'],
    extends: [tseslint.configs.base],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noIo,
          patterns: [...noIo.patterns, { regex: '^\\.\\./(?!domain/)', message: 'contracts/ imports only domain/ and contracts/.' }],
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    extends: [tseslint.configs.base],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^\\.\\./', message: 'domain/ is pure: it imports no other layer of the product.' }],
        },
      ],
    },
  },
  {
    files: ['activities/**/*.ts'],
    extends: [tseslint.configs.base],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            upward('Activities import contracts/, never workflows/ or client/.', '**/workflows/**', '**/client/**', '**/scripts/**'),
          ],
        },
      ],
    },
  },
  {
    // Shared by activities and client operations: database records (store/) and signed personal links (links/).
    files: ['store/**/*.ts', 'links/**/*.ts'],
    extends: [tseslint.configs.base],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            upward(
              'store/ and links/ import only domain/, contracts/, prisma/ and each other.',
              '**/workflows/**',
              '**/activities/**',
              '**/client/**',
              '**/scripts/**',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.ts'],
    extends: [tseslint.configs.base],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/activities/**'],
              message: 'Clients never call activity implementations: share the code through store/ or links/.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
