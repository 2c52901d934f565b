import { transformFileSync, type Options as SwcOptions } from '@swc/core';
import { builtinModules } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';

/**
 * What one deployable app is made of: its entry points (the first one is what `main.js` starts)
 * and the non-TypeScript files it reads at run time, as repository-relative paths.
 */
export interface AppBuildDefinition {
  readonly entryPoints: readonly string[];
  readonly assets: readonly string[];
}

/**
 * Every app that gets a container image. Each subgraph service also carries the dead-letter
 * replay CLI so an operator can run it from the service's own image (docs/operations.md).
 */
const DEAD_LETTER_REPLAY_CLI = 'libs/kafka/src/cli/replay-dead-letters.cli.ts';

export const APP_BUILDS: Readonly<Record<string, AppBuildDefinition>> = {
  gateway: { entryPoints: ['apps/gateway/src/main.ts'], assets: ['apps/gateway/supergraph.graphql'] },
  'auth-connector': { entryPoints: ['apps/auth-connector/src/main.ts', DEAD_LETTER_REPLAY_CLI], assets: [] },
  'mapping-config': { entryPoints: ['apps/mapping-config/src/main.ts', DEAD_LETTER_REPLAY_CLI], assets: [] },
  'sync-engine': { entryPoints: ['apps/sync-engine/src/main.ts', DEAD_LETTER_REPLAY_CLI], assets: [] },
  'conflict-resolver': { entryPoints: ['apps/conflict-resolver/src/main.ts', DEAD_LETTER_REPLAY_CLI], assets: [] },
  // The sandbox app is a library of its HTTP server; scripts/zoho-sandbox.ts is its process.
  'zoho-sandbox': { entryPoints: ['scripts/zoho-sandbox.ts'], assets: [] },
};

export interface AppBuildResult {
  readonly outDir: string;
  /** Repository-relative paths of the compiled TypeScript files. */
  readonly compiledFiles: readonly string[];
  /** npm packages the compiled code requires (all are production dependencies). */
  readonly packages: readonly string[];
}

export class AppBuildError extends Error {
  override readonly name = 'AppBuildError';
}

/**
 * Compiles one app and exactly the files it imports (following `import`s from its entry points,
 * through the `@crm-bridge/*` aliases) to CommonJS that plain `node` runs, with the same SWC
 * settings the tests use (legacy decorators with metadata, kept class names, define semantics),
 * so NestJS, type-graphql and TypeORM see the same metadata in production as in tests.
 *
 * The output mirrors the repository layout (`<outDir>/apps/<app>/src/main.js`,
 * `<outDir>/libs/<lib>/src/…`), so relative paths such as the gateway's default
 * `SUPERGRAPH_PATH` hold when the process runs with `<outDir>` as its working directory.
 * `<outDir>/main.js` starts the first entry point. Aliases are rewritten to relative paths at
 * build time: nothing resolves `tsconfig` paths at run time.
 *
 * A package the app requires that is not in `dependencies` of package.json fails the build,
 * because the production image installs only those.
 */
export function buildApp(repositoryRoot: string, appName: string, outDir: string): AppBuildResult {
  const definition = APP_BUILDS[appName];
  if (!definition) {
    throw new AppBuildError(`unknown app "${appName}": expected one of ${Object.keys(APP_BUILDS).join(', ')}`);
  }
  const root = resolve(repositoryRoot);
  const aliases = readPathAliases(root);
  const productionDependencies = readProductionDependencies(root);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const pending = definition.entryPoints.map((entry) => sourceFile(root, entry, 'entry point'));
  const compiled = new Set<string>();
  const packages = new Set<string>();
  while (pending.length > 0) {
    const source = pending.pop() as string;
    if (compiled.has(source)) {
      continue;
    }
    compiled.add(source);
    const { code, map } = transformFileSync(join(root, source), swcOptions(source));
    const outputFile = join(outDir, toJavaScriptPath(source));
    const rewritten = code.replace(/require\("([^"]+)"\)/g, (whole, specifier: string) => {
      const target = resolveLocalImport(root, aliases, source, specifier);
      if (target === undefined) {
        const packageName = packageNameOf(specifier);
        if (packageName !== undefined) {
          packages.add(packageName);
        }
        return whole;
      }
      pending.push(target);
      let relativePath = posix.relative(posix.dirname(source), toJavaScriptPath(target));
      if (!relativePath.startsWith('.')) {
        relativePath = `./${relativePath}`;
      }
      return `require(${JSON.stringify(relativePath)})`;
    });
    mkdirSync(dirname(outputFile), { recursive: true });
    writeFileSync(outputFile, `${rewritten}\n//# sourceMappingURL=${posix.basename(outputFile)}.map\n`);
    if (map) {
      writeFileSync(`${outputFile}.map`, map);
    }
  }

  const missing = [...packages].filter((name) => !productionDependencies.has(name)).sort();
  if (missing.length > 0) {
    throw new AppBuildError(
      `${appName} requires ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not in package.json "dependencies" ` +
        '(the production image installs dependencies only)',
    );
  }
  for (const asset of definition.assets) {
    const from = join(root, asset);
    if (!existsSync(from)) {
      throw new AppBuildError(`${appName}: asset ${asset} does not exist`);
    }
    mkdirSync(dirname(join(outDir, asset)), { recursive: true });
    copyFileSync(from, join(outDir, asset));
  }
  const mainEntry = toJavaScriptPath(definition.entryPoints[0] as string);
  writeFileSync(join(outDir, 'main.js'), `'use strict';\n// Starts ${appName}.\nrequire('./${mainEntry}');\n`);
  return { outDir, compiledFiles: [...compiled].sort(), packages: [...packages].sort() };
}

function swcOptions(source: string): SwcOptions {
  return {
    filename: source,
    sourceFileName: source,
    sourceMaps: true,
    swcrc: false,
    configFile: false,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      keepClassNames: true,
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    },
  };
}

function readPathAliases(root: string): Map<string, string> {
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions?: { paths?: Record<string, string[]> };
  };
  const aliases = new Map<string, string>();
  for (const [alias, targets] of Object.entries(tsconfig.compilerOptions?.paths ?? {})) {
    if (targets[0]) {
      aliases.set(alias, targets[0]);
    }
  }
  return aliases;
}

function readProductionDependencies(root: string): Set<string> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return new Set(Object.keys(manifest.dependencies ?? {}));
}

/** The repository-relative TypeScript file a specifier names, or undefined for a package or builtin. */
function resolveLocalImport(root: string, aliases: Map<string, string>, importer: string, specifier: string): string | undefined {
  const aliased = aliases.get(specifier);
  if (aliased !== undefined) {
    return sourceFile(root, aliased, `alias ${specifier} (imported by ${importer})`);
  }
  if (!specifier.startsWith('.')) {
    return undefined;
  }
  const base = posix.join(posix.dirname(importer), specifier);
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (candidate.endsWith('.ts') && isFile(join(root, candidate))) {
      return candidate;
    }
  }
  throw new AppBuildError(`${importer}: cannot resolve "${specifier}" to a TypeScript file`);
}

function sourceFile(root: string, path: string, role: string): string {
  if (!isFile(join(root, path))) {
    throw new AppBuildError(`${role} ${path} does not exist`);
  }
  return relative(root, join(root, path)).split('\\').join('/');
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function toJavaScriptPath(source: string): string {
  return source.replace(/\.ts$/, '.js');
}

const BUILTINS = new Set(builtinModules);

function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('node:') || BUILTINS.has(specifier)) {
    return undefined;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}
