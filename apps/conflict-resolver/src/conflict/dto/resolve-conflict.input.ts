import { Field, ID, InputType } from 'type-graphql';
import { JSONResolver } from 'graphql-scalars';
import { ConflictKeepChoiceEnum, type ConflictKeepChoice } from '@crm-bridge/contracts';

@InputType({ description: 'How a reviewer settles one conflicting field' })
export class ResolveConflictInput {
  @Field(() => ID)
  conflictId: string;

  @Field(() => ConflictKeepChoiceEnum, { description: "Keep the portal's value, Zoho's, or the value given" })
  keep: ConflictKeepChoice;

  @Field(() => JSONResolver, {
    nullable: true,
    description: 'With keep: VALUE (and only then), the value to write to both sides; null empties the field',
  })
  value?: unknown;
}
