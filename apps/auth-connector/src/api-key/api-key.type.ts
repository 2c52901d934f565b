import { Field, ID, ObjectType } from 'type-graphql';
import { ConnectionType } from '@crm-bridge/subgraph';
import { ApiKeyRightEnum, type ApiKeyRight } from '@crm-bridge/contracts';

/** A partner system's API key as admins see it: never its secret (that is shown once, by createApiKey). */
@ObjectType({ description: "A partner system's API key for this tenant; the key itself is shown only once, when created" })
export class ApiKey {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => [ApiKeyRightEnum])
  rights: ApiKeyRight[];

  @Field(() => String, { description: 'The user id of the admin who created it' })
  createdBy: string;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the gateway last accepted it, to within a minute; null if never used' })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was revoked; a revoked key is refused at once' })
  revokedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The user id of the admin who revoked it' })
  revokedBy: string | null;
}

export const ApiKeyConnection = ConnectionType(ApiKey);

@ObjectType({ description: 'A new API key and, this once only, its value' })
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field(() => String, {
    description:
      'The key, `crmb_<id>_<secret>`: send it as `Authorization: ApiKey <key>` (or `X-Api-Key`). Only its hash is stored: it cannot be shown again',
  })
  key: string;
}
