// @ts-check
// One lint config for every workspace (`npm run lint`). Type-aware: typescript-eslint's project service checks each
// file with the tsconfig.json of its workspace, so the rules that catch real bugs (a promise nobody awaits, an async
// function where a callback's result is dropped, `any` leaking through) see the real types. Formatting is Prettier's
// job (`npm run format`), so no rule here is about layout.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/', '**/src/generated/', '**/coverage/', 'artifacts/', '.dev-mailbox/', '**/*.tmp.ts'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: {
          // Prisma's config sits outside packages/db's tsconfig `include`; lint it with the default project.
          allowDefaultProject: ['packages/db/prisma.config.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Bugs: a promise whose failure nobody sees, or an async callback whose promise is dropped. `void p` marks a
      // promise left to run on purpose (its errors handled inside).
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-misused-promises': 'error',
      // Outside try/catch `return await` is noise; inside one, a missing await lets the rejection escape the catch.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // A switch over a union must name every case or have a default: a new job kind or state is not silently ignored.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // Calling what its own types mark @deprecated.
      '@typescript-eslint/no-deprecated': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Off: an `async` function with no `await` is how this code implements Promise-returning interfaces (a
      // transport's `close`, a source's `knownMembers`) and Fastify's async hooks and plugins; a missing `await`
      // on a call is caught by no-floating-promises instead.
      '@typescript-eslint/require-await': 'off',
      // Off: this code matches control characters on purpose (header-injection checks, label cleaning), each written
      // as an escape; the rule is for control characters typed into a pattern by accident.
      'no-control-regex': 'off',
    },
  },
  {
    // Jest's asymmetric matchers (`expect.any(Number)`, `expect.stringMatching(…)`, `expect.objectContaining(…)`) are
    // typed `any` by @types/jest, so every use of them inside an expected object trips these two. The other `any`
    // rules stay on in tests.
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // Plain CommonJS: Jest configs, the CLI's bin, the sender thread's entry, the test database's global setup.
    files: ['**/*.js', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['eslint.config.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
