import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { NotifiedZohoRecordEntity } from './notified-zoho-record.entity';

/** Inbound sync (Zoho → portal): the records Zoho notifications named, queued for fetching. */
@SubgraphFeature({ entities: [NotifiedZohoRecordEntity] })
export class InboundModule {}
