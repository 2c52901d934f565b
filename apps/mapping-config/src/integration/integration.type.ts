import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@crm-bridge/subgraph';
import { ZohoConnectionReference } from '../zoho-connection-reference/zoho-connection.type';
import { ConflictPolicy, ContactTargetModule, PortalModule } from './integration.enums';

registerEnumType(PortalModule, { name: 'PortalModule', description: 'A kind of portal record an integration syncs' });
registerEnumType(ContactTargetModule, { name: 'ContactTargetModule', description: 'The Zoho module portal contacts sync with' });
registerEnumType(ConflictPolicy, {
  name: 'ConflictPolicy',
  description: 'Which value survives when a field changed in the portal and in Zoho since the last sync',
  valuesConfig: {
    ZOHO_WINS: { description: "Zoho's value is kept" },
    PORTAL_WINS: { description: "The portal's value is kept" },
    LATEST_CHANGE_WINS: { description: 'The value changed last is kept' },
    MANUAL_REVIEW: { description: 'A person decides in the review queue' },
  },
});

/** `versions` is added by `IntegrationVersionsResolver` in the mapping-version feature. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A portal ↔ Zoho CRM org integration and its sync settings' })
export class Integration {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => ZohoConnectionReference, { description: 'The Zoho connection the integration syncs through' })
  connection: ZohoConnectionReference;

  @Field(() => [PortalModule])
  portalModules: PortalModule[];

  @Field(() => ContactTargetModule)
  contactTargetModule: ContactTargetModule;

  @Field(() => ConflictPolicy)
  conflictPolicy: ConflictPolicy;

  @Field(() => Int, { description: 'Minutes between incremental polls of Zoho' })
  syncIntervalMinutes: number;

  @Field(() => Int, { description: 'Seconds a portal record must stay unchanged before it is sent to Zoho' })
  debounceSeconds: number;

  @Field(() => String, { description: 'IANA time zone, e.g. "Europe/Berlin"' })
  timeZone: string;

  @Field(() => Boolean)
  enabled: boolean;

  @Field(() => Int, { nullable: true, description: 'The mapping version sync uses; null until one is published' })
  publishedVersion: number | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

export const IntegrationConnection = ConnectionType(Integration);
