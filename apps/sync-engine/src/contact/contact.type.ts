import { Directive, Field, ObjectType } from 'type-graphql';
import { ConnectionType } from '@crm-bridge/subgraph';
import { PersonRecord } from '../portal-record/person-record.type';

/** `account` is resolved by `ContactResolver` from the row's account id. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A portal contact, kept in sync with a Zoho CRM contact' })
export class Contact extends PersonRecord {
  @Field(() => String, { nullable: true })
  phone: string | null;
}

export const ContactConnection = ConnectionType(Contact);
