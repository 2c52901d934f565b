import { z } from 'zod';
import { ConfigValidationError, type ConfigIssue } from './config-validation.error';

export type EnvironmentSource = Readonly<Record<string, string | undefined>>;

/** An object of variables, optionally with cross-variable rules added by `superRefine`. */
export type ConfigSchema = z.AnyZodObject | z.ZodEffects<z.AnyZodObject>;

/**
 * Validates environment variables against a zod object schema whose keys are the variable names.
 * Returns the typed, defaulted configuration or throws a {@link ConfigValidationError} that names
 * every bad or missing variable and what was expected.
 *
 * @example
 *   const config = loadConfig('sync-engine', z.object({ PORT: portVariable(4003) }), process.env);
 */
export function loadConfig<TSchema extends ConfigSchema>(
  serviceName: string,
  schema: TSchema,
  environment: EnvironmentSource,
): z.infer<TSchema> {
  const objectSchema: z.AnyZodObject = schema instanceof z.ZodEffects ? schema.innerType() : schema;
  const relevant: Record<string, string | undefined> = {};
  for (const variable of Object.keys(objectSchema.shape as z.ZodRawShape)) {
    const value = environment[variable];
    // An empty variable is treated as unset: `FOO= npm start` should mean "use the default".
    relevant[variable] = value === '' ? undefined : value;
  }
  const parsed = schema.safeParse(relevant);
  if (parsed.success) {
    return parsed.data;
  }
  const issues: ConfigIssue[] = parsed.error.issues.map((issue) => ({
    variable: issue.path.join('.') || '(configuration)',
    reason: describeIssue(issue, relevant[String(issue.path[0])]),
  }));
  throw new ConfigValidationError(serviceName, issues);
}

function describeIssue(issue: z.ZodIssue, received: string | undefined): string {
  if (received === undefined && issue.code === 'invalid_type') {
    return 'is required but not set';
  }
  return issue.message;
}
