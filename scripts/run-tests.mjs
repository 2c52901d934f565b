#!/usr/bin/env node
// Runs the test tiers with Node's own test runner, TypeScript compiled on the fly by SWC
// (esbuild-based runners drop the decorator metadata NestJS and type-graphql need).
//
//   node scripts/run-tests.mjs --all                     typecheck, lint, format check, then unit + int + e2e
//   node scripts/run-tests.mjs --tier unit [--project apps/sync-engine]
//   node scripts/run-tests.mjs --tier int --tier e2e
//
// Integration and e2e tiers get one throwaway embedded PostgreSQL for the whole run; each test
// file creates its own database in it (libs/testing `createTestDatabase`).
import { spawnSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

const TIER_PATTERNS = {
  unit: (path) => path.endsWith('.spec.ts') && !path.endsWith('.int-spec.ts') && !path.endsWith('.e2e-spec.ts'),
  int: (path) => path.endsWith('.int-spec.ts'),
  e2e: (path) => path.endsWith('.e2e-spec.ts'),
};

function parseArgs(argv) {
  const options = { tiers: [], projects: [], checks: false, files: [] };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--all') {
      options.checks = true;
      options.tiers = ['unit', 'int', 'e2e'];
    } else if (arg === '--tier') {
      const tier = argv[++index];
      if (!(tier in TIER_PATTERNS)) {
        throw new Error(`--tier must be one of unit, int, e2e (got ${tier})`);
      }
      options.tiers.push(tier);
    } else if (arg === '--project') {
      options.projects.push(argv[++index]);
    } else if (arg === '--checks') {
      options.checks = true;
    } else if (arg.endsWith('.ts')) {
      options.files.push(arg);
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  if (options.tiers.length === 0 && options.files.length === 0 && !options.checks) {
    options.tiers = ['unit'];
  }
  return options;
}

function listFiles(directory) {
  const found = [];
  for (const entry of readdirSync(directory)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) {
      continue;
    }
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) {
      found.push(...listFiles(path));
    } else {
      found.push(path);
    }
  }
  return found;
}

function runStep(label, command, args, extraEnvironment = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnvironment } });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.checks) {
    runStep('typecheck', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json']);
    // @nx/enforce-module-boundaries silently skips itself without a computed project graph (fresh clone).
    runStep('project graph', process.execPath, [join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'show', 'projects'], {
      NX_DAEMON: 'false',
    });
    // Typed linting keeps the whole workspace's TypeScript program in memory: past ~4 GB (Node's
    // default heap on this machine) it ran out, so the linter gets 8 GB.
    runStep('lint', process.execPath, [
      '--max-old-space-size=8192',
      join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'),
      '.',
      '--max-warnings',
      '0',
    ]);
    runStep('format', process.execPath, [
      join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'),
      '--check',
      '.',
      '--log-level',
      'warn',
    ]);
  }
  const roots =
    options.projects.length > 0
      ? options.projects.map((p) => join(root, p))
      : ['apps', 'libs', 'scripts', 'e2e', 'deploy-checks'].map((dir) => join(root, dir));
  const candidates = roots
    .flatMap((dir) => listFiles(dir))
    .map((file) => relative(root, file))
    .sort();
  const files = [...options.files, ...candidates.filter((file) => options.tiers.some((tier) => TIER_PATTERNS[tier](file)))];
  if (files.length === 0) {
    console.log('no test files matched');
    process.exit(options.checks ? 0 : 1);
  }
  const needsDatabase = files.some((file) => !TIER_PATTERNS.unit(file));
  let database;
  const env = { ...process.env };
  if (needsDatabase) {
    require('@swc-node/register');
    const { EmbeddedPostgresLauncher } = require('../libs/persistence/src/index.ts');
    database = await EmbeddedPostgresLauncher.startThrowaway();
    env.CRM_BRIDGE_TEST_DATABASE_URL = database.url;
    console.log(`▶ throwaway PostgreSQL at ${database.redactedUrl}`);
  }
  console.log(`\n▶ ${files.length} test files (${options.tiers.join(', ') || 'named'})`);
  // Two files at a time even on two cores (node:test runs one there by default): most e2e time is
  // waiting on polls and deliveries, so the whole suite takes 11 min instead of 20 (each file has
  // its own database, ports and processes).
  const child = spawn(
    process.execPath,
    ['--test', '--test-concurrency=2', '--test-timeout=180000', '--require', '@swc-node/register', '--enable-source-maps', ...files],
    { cwd: root, env, stdio: 'inherit' },
  );
  const code = await new Promise((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
  if (database) {
    await database.stop();
  }
  process.exit(code);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
