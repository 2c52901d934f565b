import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '@crm-bridge/subgraph';
import { IntegrationReference } from '../integration-reference/integration.type';

@ObjectType({
  description: 'One Zoho call sync made in debug mode, summarized: no token, headers or host; secrets and personal data redacted',
})
export class SyncDebugEntry {
  @Field(() => ID)
  id: string;

  @Field(() => Date, { description: 'When the call ended' })
  createdAt: Date;

  @Field(() => String, { description: "The client's name for the call, e.g. records.upsert" })
  operation: string;

  @Field(() => String)
  method: string;

  @Field(() => String, { description: 'The path under the Zoho API domain, e.g. /crm/v8/Deals/upsert' })
  path: string;

  @Field(() => String, { description: 'The query parameters as JSON, redacted' })
  query: string;

  @Field(() => Int, { nullable: true, description: "Zoho's HTTP status; null when no answer came" })
  status: number | null;

  @Field(() => Int)
  durationMs: number;

  @Field(() => String, { nullable: true, description: "Zoho's error code (or the first refused record's), when there was one" })
  zohoErrorCode: string | null;

  @Field(() => Int, { description: 'Zoho credits the call cost (0 when Zoho refused it)' })
  credits: number;

  @Field(() => String, {
    nullable: true,
    description: 'The request body as JSON: its shape with the first two elements of each array, redacted, at most 2 KB',
  })
  requestBody: string | null;

  @Field(() => String, { nullable: true, description: 'The response body, summarized the same way' })
  responseBody: string | null;
}

export const SyncDebugEntryConnection = ConnectionType(SyncDebugEntry);

/** `entries` is resolved by `SyncDebugModeResolver`, page by page. */
@ObjectType({ description: "An integration's sync debug mode: while on, sync keeps a summary of each Zoho call it makes" })
export class SyncDebugMode {
  @Field(() => IntegrationReference)
  integration: IntegrationReference;

  @Field(() => Boolean)
  enabled: boolean;

  @Field(() => Date, { nullable: true, description: 'When it turns itself off (its entries are deleted then); null while off' })
  enabledUntil: Date | null;
}
