import { Module } from '@nestjs/common';
import { AccountModule } from './account/account.module';
import { ContactModule } from './contact/contact.module';
import { DealModule } from './deal/deal.module';
import { LeadModule } from './lead/lead.module';
import { SyncRunModule } from './sync-run/sync-run.module';

/** sync-engine's features: the portal record store and sync runs (ARCHITECTURE §2). */
@Module({ imports: [DealModule, ContactModule, LeadModule, AccountModule, SyncRunModule] })
export class SyncEngineModule {}
