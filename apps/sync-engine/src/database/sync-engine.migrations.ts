import { CreateDeals1795332540535 } from './migrations/1795332540535-CreateDeals';
import { CreatePortalRecordsAndSyncRuns1795333170136 } from './migrations/1795333170136-CreatePortalRecordsAndSyncRuns';
import { AddEventOutboxAndActiveMappings1796565105730 } from './migrations/1796565105730-AddEventOutboxAndActiveMappings';
import { AddPortalDealWritesAndSchemas1796570298236 } from './migrations/1796570298236-AddPortalDealWritesAndSchemas';
import { AddSyncEngineFoundation1796572410592 } from './migrations/1796572410592-AddSyncEngineFoundation';
import { AddNotifiedZohoRecords1796572784982 } from './migrations/1796572784982-AddNotifiedZohoRecords';
import { InboundCursors1796573635340 } from './migrations/1796573635340-InboundCursors';
import { AddOutboundChanges1796573523561 } from './migrations/1796573523561-AddOutboundChanges';
import { AddNotificationChannels1796573210017 } from './migrations/1796573210017-AddNotificationChannels';
import { AddDealIntakeRequests1796573198421 } from './migrations/1796573198421-AddDealIntakeRequests';
import { AddIntegrationCredits1796573402898 } from './migrations/1796573402898-AddIntegrationCredits';
import { AddSyncIssueFilters1796574537793 } from './migrations/1796574537793-AddSyncIssueFilters';
import { AddSyncDebugMode1796574878223 } from './migrations/1796574878223-AddSyncDebugMode';
import { AddInboundDealRetries1796583306892 } from './migrations/1796583306892-AddInboundDealRetries';
import { AddIgnoredZohoDeals1796583623744 } from './migrations/1796583623744-AddIgnoredZohoDeals';
import { AddInboundListedThrough1796584985615 } from './migrations/1796584985615-AddInboundListedThrough';
import { SyncConnectionUserLicences1796585276001 } from './migrations/1796585276001-SyncConnectionUserLicences';
import { AddInterruptedSyncRunStatus1796585581438 } from './migrations/1796585581438-AddInterruptedSyncRunStatus';
import { ReportedConflicts1796585750020 } from './migrations/1796585750020-ReportedConflicts';
import { PartnerWebhooks1796587187519 } from './migrations/1796587187519-PartnerWebhooks';
import { DealRegistrationCollisions1796587502330 } from './migrations/1796587502330-DealRegistrationCollisions';
import { WebhookDeliveryRetention1796594915454 } from './migrations/1796594915454-WebhookDeliveryRetention';

/** sync-engine's generated migrations, in the order they apply (`npm run migration:generate -- sync-engine <Name>`). */
export const syncEngineMigrations = [
  CreateDeals1795332540535,
  CreatePortalRecordsAndSyncRuns1795333170136,
  AddEventOutboxAndActiveMappings1796565105730,
  AddPortalDealWritesAndSchemas1796570298236,
  AddSyncEngineFoundation1796572410592,
  AddNotifiedZohoRecords1796572784982,
  AddDealIntakeRequests1796573198421,
  AddNotificationChannels1796573210017,
  AddIntegrationCredits1796573402898,
  AddOutboundChanges1796573523561,
  InboundCursors1796573635340,
  AddSyncIssueFilters1796574537793,
  AddSyncDebugMode1796574878223,
  AddInboundDealRetries1796583306892,
  AddIgnoredZohoDeals1796583623744,
  AddInboundListedThrough1796584985615,
  SyncConnectionUserLicences1796585276001,
  AddInterruptedSyncRunStatus1796585581438,
  ReportedConflicts1796585750020,
  PartnerWebhooks1796587187519,
  DealRegistrationCollisions1796587502330,
  WebhookDeliveryRetention1796594915454,
];
