import { Directive, Field, ObjectType } from 'type-graphql';
import { ConnectionType } from '@crm-bridge/subgraph';
import { PortalRecord } from '../portal-record/portal-record.type';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A portal account (a company), kept in sync with a Zoho CRM account' })
export class Account extends PortalRecord {
  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true, description: 'Website URL' })
  website: string | null;

  @Field(() => String, { nullable: true, description: 'Industry as the portal names it (mapped to Zoho by the integration)' })
  industry: string | null;
}

export const AccountConnection = ConnectionType(Account);
