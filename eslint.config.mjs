// Flat ESLint config. Type-aware rules catch the bugs that matter in async services
// (floating promises, non-exhaustive switches); @nx/enforce-module-boundaries keeps the
// dependency graph honest on two tag axes:
//   type:  type:app may use libraries; type:lib only libraries; type:testing only in tests.
//   scope: each app only its own scope plus the platform; libraries only the platform.
// Apps never import apps (the rule forbids importing an application project outright).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

// Production code: libraries use only platform libraries. Test files may also use the testing library.
function moduleBoundaries({ inTests }) {
  const testing = inTests ? ['type:testing'] : [];
  const testingScope = inTests ? ['scope:testing'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: [
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
        { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', ...testing] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
        { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform', ...testingScope] },
        { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:platform'] },
        { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:platform', 'scope:testing'] },
        { sourceTag: 'scope:auth-connector', onlyDependOnLibsWithTags: ['scope:platform', 'scope:testing'] },
        { sourceTag: 'scope:mapping-config', onlyDependOnLibsWithTags: ['scope:platform', 'scope:testing'] },
        { sourceTag: 'scope:sync-engine', onlyDependOnLibsWithTags: ['scope:platform', 'scope:testing'] },
        { sourceTag: 'scope:conflict-resolver', onlyDependOnLibsWithTags: ['scope:platform', 'scope:testing'] },
        { sourceTag: 'scope:zoho-sandbox', onlyDependOnLibsWithTags: ['scope:platform', 'scope:testing'] },
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
    // Tests may use the testing library and assert on untyped GraphQL responses.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ inTests: true }),
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
