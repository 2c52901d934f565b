import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { PortalDealSchemaModule } from '../portal-deal-schema/portal-deal-schema.module';
import { ConflictResolutionRepository } from './conflict-resolution.repository';
import { ConflictResolutionService } from './conflict-resolution.service';
import { ReportedConflictEntity } from './reported-conflict.entity';

/**
 * Conflicts between the portal and Zoho: the conflicts sync reports (`conflict.detected`, published
 * by outbound and inbound sync through `reportConflicts`, deduplicated in `reported_conflicts`) and
 * the resolutions conflict-resolver sends back (`conflict.resolved`), applied to the portal deal and
 * carried to Zoho by outbound sync.
 */
@SubgraphFeature({
  imports: [PortalDealSchemaModule],
  providers: [ConflictResolutionRepository, ConflictResolutionService],
  entities: [ReportedConflictEntity],
})
export class ConflictResolutionModule {}
