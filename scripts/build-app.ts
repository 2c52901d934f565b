/**
 * Builds one app into runnable JavaScript (what `npx nx run <app>:build` and the Dockerfile call):
 *
 *   node -r @swc-node/register scripts/build-app.ts <app> [--out-dir dist/apps/<app>]
 *
 * Then `cd dist/apps/<app> && node main.js` runs it with plain node (node_modules are found in
 * the repository root above it; the container image copies them next to it).
 */
import { join, resolve } from 'node:path';
import { APP_BUILDS, AppBuildError, buildApp } from './app-build';

const USAGE = `usage: build-app.ts <app> [--out-dir <dir>]   apps: ${Object.keys(APP_BUILDS).join(', ')}`;

function parseArguments(argv: readonly string[]): { app: string; outDir: string | undefined } {
  let app: string | undefined;
  let outDir: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    if (argument === '--out-dir') {
      outDir = argv[++index];
      if (!outDir) {
        throw new AppBuildError('--out-dir needs a directory');
      }
    } else if (argument.startsWith('-')) {
      throw new AppBuildError(`unknown option ${argument}`);
    } else if (app === undefined) {
      app = argument;
    } else {
      throw new AppBuildError(`unexpected argument ${argument}`);
    }
  }
  if (app === undefined) {
    throw new AppBuildError('name the app to build');
  }
  return { app, outDir };
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
  if (!(error instanceof AppBuildError)) {
    throw error;
  }
  process.stderr.write(`build-app: ${error.message}\n${USAGE}\n`);
  process.exit(1);
}
