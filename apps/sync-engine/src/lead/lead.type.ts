import { Directive, Field, ObjectType } from 'type-graphql';
import { ConnectionType } from '@crm-bridge/subgraph';
import { PersonRecord } from '../portal-record/person-record.type';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A portal lead, kept in sync with a Zoho CRM lead' })
export class Lead extends PersonRecord {
  @Field(() => String, { nullable: true, description: 'Company name (a lead has no account until converted)' })
  company: string | null;

  @Field(() => String, { nullable: true, description: 'Portal lead status (mapped to a Zoho lead status by the integration)' })
  leadStatus: string | null;
}

export const LeadConnection = ConnectionType(Lead);
