import { ArgsType, Field, ID } from 'type-graphql';
import { isUuid } from '@crm-bridge/persistence';
import { CodedError, ErrorKind } from './coded-error';
import { PageArgs } from './connection';

export enum IntegrationIdExceptionCode {
  InvalidIntegrationId = 'INVALID_INTEGRATION_ID',
}

/** An argument that should name an integration and does not; `field` is the argument's name. */
export class IntegrationIdException extends CodedError<IntegrationIdExceptionCode> {}

/**
 * The one check of an integration-id argument, in every subgraph. Integration ids are UUIDs;
 * anything else is refused here with `INVALID_INTEGRATION_ID` naming the argument, instead of
 * reaching PostgreSQL as a uuid cast error (an internal error to the client).
 *
 * @example
 *   const integrationId = parseIntegrationId(input.integrationId, 'input.integrationId');
 */
export function parseIntegrationId(value: string, field = 'integrationId'): string {
  if (!isUuid(value)) {
    throw new IntegrationIdException(
      IntegrationIdExceptionCode.InvalidIntegrationId,
      ErrorKind.BadUserInput,
      `${field} must be an integration id (a UUID)`,
      field,
    );
  }
  return value;
}

/** The `integration_id` equality filter of a list: none when the argument is absent. */
export function integrationFilter(integrationId: string | null | undefined): { integrationId?: string } {
  return integrationId === undefined || integrationId === null ? {} : { integrationId: parseIntegrationId(integrationId) };
}

/** `first`/`after` plus the integration filter every list of an integration's rows takes. */
@ArgsType()
export class IntegrationPageArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Only this integration's rows" })
  integrationId?: string | null;
}
