import { Injectable } from '@nestjs/common';
import { Resolver } from 'type-graphql';
import { PortalRecordQueries } from '../portal-record/portal-record.resolver';
import { Lead } from './lead.type';
import { leadKind } from './lead.kind';

/** `leads(first, after, integrationId)` and `lead(id)`. */
@Injectable()
@Resolver(() => Lead)
export class LeadResolver extends PortalRecordQueries(leadKind) {}
