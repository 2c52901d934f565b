import { Module } from '@nestjs/common';
import { ConflictModule } from './conflict/conflict.module';
import { DealModule } from './deal/deal.module';

/** conflict-resolver's features: conflicts and the review queue, and their fields on `Deal` (ARCHITECTURE §2). */
@Module({ imports: [ConflictModule, DealModule] })
export class ConflictResolverModule {}
