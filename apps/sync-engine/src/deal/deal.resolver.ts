import { Injectable } from '@nestjs/common';
import { Resolver } from 'type-graphql';
import { PortalRecordQueries } from '../portal-record/portal-record.resolver';
import { Deal } from './deal.type';
import { dealKind } from './deal.kind';

/** `deals(first, after, integrationId)` and `deal(id)`. */
@Injectable()
@Resolver(() => Deal)
export class DealResolver extends PortalRecordQueries(dealKind) {}
