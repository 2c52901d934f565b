import { Field, InputType } from 'type-graphql';
import { ZohoApiVersionEnum, ZohoReadStrategyEnum, type ZohoApiVersion, type ZohoReadStrategy } from '@crm-bridge/contracts';

/** How a connection talks to Zoho; each optional (absent or null: unchanged, or the default for a new connection). */
// Not emitted by itself: type-graphql only prints the input types an operation reaches.
@InputType()
export abstract class ZohoConnectionSettingsFields {
  @Field(() => ZohoApiVersionEnum, { nullable: true, description: 'The Zoho API version calls use (a new connection: V8)' })
  apiVersion?: ZohoApiVersion | null;

  @Field(() => ZohoReadStrategyEnum, { nullable: true, description: 'How sync reads records (a new connection: AUTOMATIC)' })
  readStrategy?: ZohoReadStrategy | null;
}
