import { Module } from '@nestjs/common';
import { ConflictModule } from '../conflict/conflict.module';
import { DealConflictsResolver } from './deal.resolver';

@Module({ imports: [ConflictModule], providers: [DealConflictsResolver] })
export class DealModule {}
