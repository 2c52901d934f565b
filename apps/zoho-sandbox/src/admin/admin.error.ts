import type { z } from 'zod';
import type { HttpExchange } from '../http/http-exchange';
import { UNPARSEABLE_JSON } from '../http/http-exchange';

/**
 * An error of the admin API. Deliberately not Zoho-shaped — the admin API is the sandbox's own
 * control surface, and its answers should never be mistaken for Zoho's: `{"error":{code,message,field}}`.
 */
export class AdminError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }

  toBody(): { error: { code: string; message: string; field: string | null } } {
    return { error: { code: this.code, message: this.message, field: this.field } };
  }
}

export const AdminErrors = {
  notFound: (what: string) => new AdminError(404, 'NOT_FOUND', `${what} not found`),
  invalid: (field: string, message: string) => new AdminError(400, 'INVALID_INPUT', message, field),
  conflict: (field: string, message: string) => new AdminError(409, 'CONFLICT', message, field),
  limit: (message: string) => new AdminError(429, 'LIMIT_REACHED', message),
};

/** Reads and validates a JSON body; the error names the first offending field and says why. */
export async function parseAdminBody<TSchema extends z.ZodTypeAny>(exchange: HttpExchange, schema: TSchema): Promise<z.infer<TSchema>> {
  const body = await exchange.jsonBody();
  if (body === UNPARSEABLE_JSON) {
    throw AdminErrors.invalid('(body)', 'the body is not valid JSON');
  }
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) {
    return parsed.data as z.infer<TSchema>;
  }
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(body)';
  throw AdminErrors.invalid(field, issue?.message ?? 'invalid body');
}
