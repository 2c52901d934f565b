import { ArgsType, Field, ID } from 'type-graphql';
import { ErrorKind, PageArgs } from '@crm-bridge/subgraph';
import { isUuid } from '@crm-bridge/persistence';
import { PagingException, PagingExceptionCode } from './paging.exception';

/** `first`/`after` plus the integration filter every list of an integration's rows takes. */
@ArgsType()
export class IntegrationPageArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only records of this integration' })
  integrationId?: string | null;
}

/**
 * The `integration_id` equality filter of a list. Integration ids are UUIDs; anything else is
 * refused here, naming the argument, instead of reaching PostgreSQL as a uuid cast error.
 */
export function integrationFilter(integrationId: string | null | undefined): { integrationId?: string } {
  if (integrationId === undefined || integrationId === null) {
    return {};
  }
  if (!isUuid(integrationId)) {
    throw new PagingException(
      PagingExceptionCode.InvalidIntegrationId,
      ErrorKind.BadUserInput,
      'integrationId must be an integration id (a UUID)',
      'integrationId',
    );
  }
  return { integrationId };
}
