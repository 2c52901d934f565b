import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The `options` table of `parseArgs`: each long option's type, short alias and default. */
export type CommandLineOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * A command-line mistake. The message names the option (or argument) and what was wrong with it,
 * so a CLI can print it above its usage text and exit with code 2.
 */
export class CommandLineUsageError extends Error {
  override readonly name = 'CommandLineUsageError';
}

/** What {@link parseCommandLine} returns for an options table `T`: typed values and positionals. */
export type ParsedCommandLine<T extends CommandLineOptions> = ReturnType<
  typeof parseArgs<{ options: T; strict: true; allowPositionals: true }>
>;

/**
 * Parses `argv` with `node:util` `parseArgs` in strict mode (types and defaults from `options`),
 * and adds what `parseArgs` leaves out:
 *
 * - an option given twice is an error (`parseArgs` silently keeps the last);
 * - an empty or blank string value (`--host=` or `--host ' '`) is an error;
 * - a negative number after a string option (`--port -1`) is that option's value, which the
 *   option's own check then refuses with a useful message (`parseArgs` calls it ambiguous);
 * - errors are {@link CommandLineUsageError}s worded the same for every CLI of the repository:
 *   `unknown flag --x`, `--x needs a value`, `--x takes no value`, `unexpected argument "x"`,
 *   `--x was given more than once`.
 *
 * Positionals are refused unless `allowPositionals` is set.
 */
export function parseCommandLine<const T extends CommandLineOptions>(
  argv: readonly string[],
  options: T,
  { allowPositionals = false }: { allowPositionals?: boolean } = {},
): ParsedCommandLine<T> {
  const args = attachNegativeNumbers(argv, options);
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals, tokens: true });
    const seen = new Set<string>();
    for (const token of parsed.tokens) {
      if (token.kind !== 'option') {
        continue;
      }
      if (seen.has(token.name) && options[token.name]?.multiple !== true) {
        throw new CommandLineUsageError(`--${token.name} was given more than once`);
      }
      seen.add(token.name);
      if (typeof token.value === 'string' && token.value.trim() === '') {
        throw new CommandLineUsageError(`${token.rawName} needs a value`);
      }
    }
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    throw describeParseFailure(error, args, options);
  }
}

/**
 * Reads a whole number option within `[min, max]`; the error names the option, the range and what
 * was given.
 */
export function parseWholeNumberOption(option: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) {
    throw new CommandLineUsageError(`${option} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  const value = Number(text);
  if (value < min || value > max) {
    throw new CommandLineUsageError(`${option} must be from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function attachNegativeNumbers(argv: readonly string[], options: CommandLineOptions): string[] {
  const args: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    const next = argv[index + 1];
    const takesValue = argument.startsWith('--') && options[argument.slice(2)]?.type === 'string';
    if (takesValue && next !== undefined && /^-\d/.test(next)) {
      args.push(`${argument}=${next}`);
      index += 1;
    } else {
      args.push(argument);
    }
  }
  return args;
}

/**
 * `parseArgs` errors say what failed but not in our wording, and carry no structured culprit; a
 * lenient re-parse of the same arguments yields the tokens that name it.
 */
function describeParseFailure(error: unknown, args: string[], options: CommandLineOptions): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) {
    return error;
  }
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional' && code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      return new CommandLineUsageError(`unexpected argument "${token.value}" (options take the form --name value)`);
    }
    if (token.kind !== 'option') {
      continue;
    }
    const declared = options[token.name];
    if (declared === undefined && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      return new CommandLineUsageError(`unknown flag ${token.rawName}`);
    }
    if (declared?.type === 'boolean' && token.value !== undefined) {
      return new CommandLineUsageError(`${token.rawName} takes no value`);
    }
    // Strict mode refuses a missing value and a value that looks like another option.
    if (declared?.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      return new CommandLineUsageError(`${token.rawName} needs a value`);
    }
  }
  return new CommandLineUsageError((error as Error).message);
}
