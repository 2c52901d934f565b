import { Module } from '@nestjs/common';
import { DealModule } from './deal/deal.module';

/** sync-engine's features: the portal record store and sync runs (ARCHITECTURE §2). */
@Module({ imports: [DealModule] })
export class SyncEngineModule {}
