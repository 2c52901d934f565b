import { ArgsType, Field, ID } from 'type-graphql';
import { CodedError } from './coded-error';
import { PageArgs } from './connection';
import { requireUuidArgument } from './uuid-argument';

export enum IntegrationIdExceptionCode {
  InvalidIntegrationId = 'INVALID_INTEGRATION_ID',
}

/** An argument that should name an integration and does not; `field` is the argument's name. */
export class IntegrationIdException extends CodedError<IntegrationIdExceptionCode> {}

/**
 * The one check of an integration-id argument, in every subgraph ({@link requireUuidArgument}
 * with `INVALID_INTEGRATION_ID`, the code every subgraph refuses a malformed integration id with).
 *
 * @example
 *   const integrationId = parseIntegrationId(input.integrationId, 'input.integrationId');
 */
export function parseIntegrationId(value: string, field = 'integrationId'): string {
  return requireUuidArgument(value, field, {
    names: 'an integration id',
    exception: IntegrationIdException,
    code: IntegrationIdExceptionCode.InvalidIntegrationId,
  });
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
