// Flat ESLint config. Type-aware rules catch the bugs that matter in async services
// (floating promises, non-exhaustive switches); @nx/enforce-module-boundaries keeps the
// dependency graph honest on two tag axes (tags live in each project.json):
//   type:  type:app      may use type:lib and type:domain libraries.
//          type:lib      libraries with I/O; may use type:lib and type:domain.
//          type:domain   pure libraries (no network, files, processes, database, Kafka, HTTP
//                        framework); may use only other type:domain libraries.
//          type:testing  the testing library and deploy-checks; type:dev-tool  the Kafka
//                        development broker. Both only from test code: test files, test support
//                        (src/testing/, *.test-context.ts), and what is no project (e2e/, bench/,
//                        scripts/). Production code never imports them.
//   scope: each app only its own scope plus the platform; libraries only the platform.
// Apps never import apps (the rule forbids importing an application project outright).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

/** Node's I/O modules: a pure library may not import them. */
const NODE_IO_MODULES = [
  'net',
  'http',
  'https',
  'http2',
  'fs',
  'fs/promises',
  'child_process',
  'dgram',
  'tls',
  'cluster',
  'worker_threads',
].flatMap((name) => [name, `node:${name}`]);

/** Packages that do I/O (database, Kafka, HTTP servers): a pure library may not import them either. */
const IO_PACKAGES = ['typeorm', 'pg', 'kafkajs', 'express', '@nestjs/*'];

/** Files that are test code: they may use the testing library and the development broker. */
const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.test-context.ts', '**/src/testing/**/*.ts'];

// The rule resolves Node's built-in modules to no project and then checks nothing, so
// bannedExternalImports cannot ban them: for type:domain projects a plain import ban does.
const domainLibraryRoots = readdirSync(join(import.meta.dirname, 'libs')).filter((name) => {
  const project = JSON.parse(readFileSync(join(import.meta.dirname, 'libs', name, 'project.json'), 'utf8'));
  return project.tags?.includes('type:domain');
});

function moduleBoundaries({ inTests }) {
  const testOnly = inTests ? ['type:testing', 'type:dev-tool'] : [];
  const testingScope = inTests ? ['scope:testing'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: [
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:domain', ...testOnly] },
        { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:domain', ...testOnly] },
        { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', ...testOnly], bannedExternalImports: IO_PACKAGES },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:domain', 'type:dev-tool'] },
        { sourceTag: 'type:dev-tool', onlyDependOnLibsWithTags: ['type:lib', 'type:domain', ...testOnly] },
        { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform', ...testingScope] },
        { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:platform'] },
        { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:platform', ...testingScope] },
        { sourceTag: 'scope:auth-connector', onlyDependOnLibsWithTags: ['scope:platform', ...testingScope] },
        { sourceTag: 'scope:mapping-config', onlyDependOnLibsWithTags: ['scope:platform', ...testingScope] },
        { sourceTag: 'scope:sync-engine', onlyDependOnLibsWithTags: ['scope:platform', ...testingScope] },
        { sourceTag: 'scope:conflict-resolver', onlyDependOnLibsWithTags: ['scope:platform', ...testingScope] },
        { sourceTag: 'scope:zoho-sandbox', onlyDependOnLibsWithTags: ['scope:platform', ...testingScope] },
      ],
    },
  ];
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '.nx/**', '**/*.graphql'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Nest and type-graphql classes are registered by decorators, not referenced.
      '@typescript-eslint/no-extraneous-class': 'off',
      eqeqeq: ['error', 'always'],
      // 'all', not 'multi-line': Prettier wraps long one-line ifs, which 'multi-line' then rejects.
      curly: ['error', 'all'],
      '@nx/enforce-module-boundaries': moduleBoundaries({ inTests: false }),
    },
  },
  {
    // Plain JavaScript tooling (this file, scripts/*.mjs) is not part of any TypeScript project.
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, program: null, project: false },
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: domainLibraryRoots.map((root) => `libs/${root}/**/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: NODE_IO_MODULES.map((name) => ({ name, message: 'a type:domain library is pure: it may not do I/O.' })) },
      ],
    },
  },
  {
    // Test code may use the testing library and the development broker.
    files: TEST_FILES,
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ inTests: true }) },
  },
  {
    // Tests assert on untyped GraphQL responses.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
