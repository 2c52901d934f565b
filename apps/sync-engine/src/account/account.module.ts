import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { PortalRecordModule } from '../portal-record/portal-record.module';
import { portalRecordReferenceResolvers } from '../portal-record/portal-record.reference';
import { PortalRecordService } from '../portal-record/portal-record.service';
import { AccountEntity } from './account.entity';
import { accountKind } from './account.kind';
import { AccountResolver } from './account.resolver';

/** Portal accounts: `accounts`, `account(id)` and the `Account` entity. */
@SubgraphFeature({
  imports: [PortalRecordModule],
  resolvers: [AccountResolver],
  referenceResolvers: (services) => portalRecordReferenceResolvers(services.get(PortalRecordService), [accountKind]),
  entities: [AccountEntity],
})
export class AccountModule {}
