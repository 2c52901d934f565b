import { definePortalRecordKind } from '../portal-record/portal-record.kind';
import { LeadEntity } from './lead.entity';
import { Lead, LeadConnection } from './lead.type';

export const leadKind = definePortalRecordKind({
  entity: LeadEntity,
  type: Lead,
  connection: LeadConnection,
  listQuery: 'leads',
  byIdQuery: 'lead',
});
