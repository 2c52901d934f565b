import { Field, ObjectType } from 'type-graphql';
import { PortalRecord } from './portal-record.type';

/** Fields of the record types that are people, `Contact` and `Lead`; never in the schema itself. */
@ObjectType()
export abstract class PersonRecord extends PortalRecord {
  @Field(() => String, { nullable: true })
  firstName: string | null;

  @Field(() => String)
  lastName: string;

  @Field(() => String, { nullable: true })
  email: string | null;
}
