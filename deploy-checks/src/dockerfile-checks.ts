import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface DockerfileInstruction {
  readonly line: number;
  readonly keyword: string;
  readonly arguments: string;
}

export interface DockerfileViolation {
  readonly line: number;
  readonly message: string;
}

/**
 * Instructions of a Dockerfile with continuation lines joined and comments dropped, each with
 * the line it starts on.
 */
export function parseDockerfile(text: string): DockerfileInstruction[] {
  const instructions: DockerfileInstruction[] = [];
  let buffer = '';
  let startLine = 0;
  for (const [index, rawLine] of text.split('\n').entries()) {
    const line = rawLine.trimEnd();
    if (buffer === '' && (line.trim() === '' || line.trimStart().startsWith('#'))) {
      continue;
    }
    if (buffer !== '' && line.trimStart().startsWith('#')) {
      continue;
    }
    if (buffer === '') {
      startLine = index + 1;
    }
    const continued = line.endsWith('\\');
    buffer += `${continued ? line.slice(0, -1) : line} `;
    if (continued) {
      continue;
    }
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(buffer.trim());
    if (match) {
      instructions.push({
        line: startLine,
        keyword: (match[1] as string).toUpperCase(),
        arguments: (match[2] as string).replace(/\s+/g, ' ').trim(),
      });
    }
    buffer = '';
  }
  return instructions;
}

/** The build-context paths a COPY/ADD reads (none for `--from=` copies between stages). */
export function contextSources(instruction: DockerfileInstruction): string[] {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') {
    return [];
  }
  let words: string[];
  const flags: string[] = [];
  const rest = instruction.arguments.replace(/^((?:--[a-z-]+(?:=\S+)?\s+)*)/, (all) => {
    flags.push(...all.trim().split(/\s+/).filter(Boolean));
    return '';
  });
  if (flags.some((flag) => flag.startsWith('--from='))) {
    return [];
  }
  if (rest.startsWith('[')) {
    words = JSON.parse(rest) as string[];
  } else {
    words = rest.split(/\s+/);
  }
  return words.slice(0, -1);
}

/**
 * Checks what `docker build` would otherwise find out late: every build-context path a COPY or
 * ADD reads exists and is not excluded by .dockerignore, the final stage runs as a non-root
 * numeric user, and PID 1 is tini.
 */
export function checkDockerfile(text: string, contextDirectory: string, dockerignore: string): DockerfileViolation[] {
  const violations: DockerfileViolation[] = [];
  const ignored = parseDockerignore(dockerignore);
  const instructions = parseDockerfile(text);
  for (const instruction of instructions) {
    for (const source of contextSources(instruction)) {
      if (/[*?[$]/.test(source)) {
        violations.push({
          line: instruction.line,
          message: `${instruction.keyword} ${source}: wildcards and variables are not checked; name paths`,
        });
        continue;
      }
      const path = source.replace(/^\.\//, '').replace(/\/$/, '');
      if (!existsSync(join(contextDirectory, path))) {
        violations.push({ line: instruction.line, message: `${instruction.keyword} ${source}: does not exist in the build context` });
      } else if (ignored(path)) {
        violations.push({ line: instruction.line, message: `${instruction.keyword} ${source}: excluded by .dockerignore` });
      }
    }
  }
  const lastStage = instructions.map((instruction) => instruction.keyword).lastIndexOf('FROM');
  const finalStage = instructions.slice(lastStage);
  const user = finalStage.filter((instruction) => instruction.keyword === 'USER').at(-1);
  if (!user || !/^[1-9]\d*(:\d+)?$/.test(user.arguments)) {
    violations.push({
      line: user?.line ?? 0,
      message: 'the final stage must end with USER <non-zero uid>[:gid] (numeric, so runAsNonRoot can verify it)',
    });
  }
  const entrypoint = finalStage.filter((instruction) => instruction.keyword === 'ENTRYPOINT').at(-1);
  if (!entrypoint || !/tini/.test(entrypoint.arguments)) {
    violations.push({ line: entrypoint?.line ?? 0, message: 'the final stage must start the app under tini (signals and zombie reaping)' });
  }
  return violations;
}

/**
 * A .dockerignore matcher for the patterns this repository uses: exact paths, directory
 * prefixes, `*` within a segment and a leading `**\/`. Negations (`!`) are refused rather than
 * half-implemented.
 */
export function parseDockerignore(text: string): (path: string) => boolean {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const negation = patterns.find((pattern) => pattern.startsWith('!'));
  if (negation) {
    throw new Error(`.dockerignore: negated pattern ${negation} is not supported by this check`);
  }
  const matchers = patterns.map((pattern) => {
    const normalized = pattern.replace(/^\.?\//, '').replace(/\/$/, '');
    const anyDepth = normalized.startsWith('**/');
    const body = (anyDepth ? normalized.slice(3) : normalized)
      .split('/')
      .map((segment) =>
        segment
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]'),
      )
      .join('/');
    // A pattern excludes the path itself and everything below it.
    return new RegExp(`^${anyDepth ? '(?:.*/)?' : ''}${body}(?:/.*)?$`);
  });
  return (path) => matchers.some((matcher) => matcher.test(path));
}
