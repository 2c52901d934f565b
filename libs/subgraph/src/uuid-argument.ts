import { isUuid } from '@crm-bridge/persistence';
import { ErrorKind, type CodedError } from './coded-error';

/** A feature exception class (`ApiKeyException`, …): {@link CodedError}'s constructor with the feature's codes. */
export type CodedErrorClass<TCode extends string> = new (
  code: TCode,
  kind: ErrorKind,
  message: string,
  field?: string,
) => CodedError<TCode>;

/** What an id argument names, and the feature's exception and code that refuse one that is not a UUID. */
export interface UuidArgumentRule<TCode extends string> {
  /** What the id names, as the message says it: `'a connection id'`. */
  readonly names: string;
  readonly exception: CodedErrorClass<TCode>;
  readonly code: TCode;
}

/**
 * The one check of an argument that names a row by its id, in every subgraph. Row ids are UUIDs;
 * anything else is refused here as bad input with the feature's own code, naming the argument,
 * instead of reaching PostgreSQL as a uuid cast error (an internal error to the client) or being
 * looked up as a row that cannot exist.
 *
 * @example
 *   const keyId = requireUuidArgument(id, 'id', {
 *     names: 'an API key id',
 *     exception: ApiKeyException,
 *     code: ApiKeyExceptionCode.InvalidApiKeyId,
 *   });
 *   // id "7" → ApiKeyException INVALID_API_KEY_ID (BAD_USER_INPUT), field "id": "id must be an API key id (a UUID)"
 */
export function requireUuidArgument<TCode extends string>(value: string, argument: string, rule: UuidArgumentRule<TCode>): string {
  if (!isUuid(value)) {
    throw new rule.exception(rule.code, ErrorKind.BadUserInput, `${argument} must be ${rule.names} (a UUID)`, argument);
  }
  return value;
}
