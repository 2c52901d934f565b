import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { RecordLinkEntity } from './record-link.entity';

/**
 * Links between portal and Zoho records with their last-synced snapshots. Outbound and inbound sync
 * write them inside the transactions that record each record's outcome.
 */
@SubgraphFeature({ entities: [RecordLinkEntity] })
export class RecordLinkModule {}
