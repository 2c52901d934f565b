import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { StructuredLogger } from '@crm-bridge/observability';
import { CodedError, ErrorKind } from './coded-error';
import { InputProblemsException } from './input-problems';

export const INTERNAL_ERROR_CODE = 'INTERNAL_SERVER_ERROR';

/**
 * The one place a subgraph turns thrown errors into GraphQL errors:
 * - {@link CodedError}s keep their message and expose `extensions.code` (and `field`), and an
 *   {@link InputProblemsException} every problem as `extensions.problems`;
 * - type-graphql argument validation becomes BAD_USER_INPUT naming each invalid field;
 * - GraphQL's own errors (parse, validation, Apollo's BAD_USER_INPUT…) pass through;
 * - anything else is logged and masked, so internals never leak to clients.
 */
export function createSubgraphErrorFormatter(logger: StructuredLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const location = {
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
    };
    if (original instanceof CodedError) {
      return {
        message: original.message,
        ...location,
        extensions: {
          code: original.code,
          kind: original.kind,
          ...(original.field ? { field: original.field } : {}),
          ...(original instanceof InputProblemsException ? { problems: original.problems } : {}),
        },
      };
    }
    if (original instanceof ArgumentValidationError) {
      const invalid = original.extensions.validationErrors.map((issue) => ({
        field: issue.property,
        reasons: Object.values(issue.constraints ?? {}),
      }));
      return {
        message: `Invalid input: ${invalid.map((issue) => `${issue.field} ${issue.reasons.join(', ')}`).join('; ')}`,
        ...location,
        extensions: { code: ErrorKind.BadUserInput, kind: ErrorKind.BadUserInput, invalidFields: invalid },
      };
    }
    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && code !== INTERNAL_ERROR_CODE) {
      return formatted;
    }
    logger.error('unhandled error in GraphQL operation', { error: original, path: formatted.path });
    return { message: 'Internal server error', ...location, extensions: { code: INTERNAL_ERROR_CODE } };
  };
}
