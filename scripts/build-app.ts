/**
 * Builds one app into runnable JavaScript (what `npx nx run <app>:build` and the Dockerfile call):
 *
 *   node -r @swc-node/register scripts/build-app.ts <app> [--out-dir dist/apps/<app>]
 *
 * Then `cd dist/apps/<app> && node main.js` runs it with plain node (node_modules are found in
 * the repository root above it; the container image copies them next to it).
 */
import { join, resolve } from 'node:path';
import { CommandLineUsageError, parseCommandLine } from '@crm-bridge/command-line';
import { APP_BUILDS, AppBuildError, buildApp } from './app-build';

const USAGE = `usage: build-app.ts <app> [--out-dir <dir>]   apps: ${Object.keys(APP_BUILDS).join(', ')}`;

function parseArguments(argv: readonly string[]): { app: string; outDir: string | undefined } {
  const { values, positionals } = parseCommandLine(argv, { 'out-dir': { type: 'string' } }, { allowPositionals: true });
  const [app, ...extra] = positionals;
  if (app === undefined) {
    throw new CommandLineUsageError('name the app to build');
  }
  if (extra.length > 0) {
    throw new CommandLineUsageError(`unexpected argument "${extra[0]}" (one app per build)`);
  }
  return { app, outDir: values['out-dir'] };
}

const repositoryRoot = resolve(__dirname, '..');
try {
  const { app, outDir } = parseArguments(process.argv.slice(2));
  const started = Date.now();
  const result = buildApp(repositoryRoot, app, resolve(outDir ?? join(repositoryRoot, 'dist', 'apps', app)));
  process.stdout.write(
    `built ${app}: ${result.compiledFiles.length} files, ${result.packages.length} packages → ${result.outDir} (${Date.now() - started} ms)\n`,
  );
} catch (error) {
  if (!(error instanceof AppBuildError || error instanceof CommandLineUsageError)) {
    throw error;
  }
  process.stderr.write(`build-app: ${error.message}\n${USAGE}\n`);
  process.exit(1);
}
