import { Module } from '@nestjs/common';
import { PortalRecordModule } from '../portal-record/portal-record.module';
import { DealResolver } from './deal.resolver';

@Module({ imports: [PortalRecordModule], providers: [DealResolver] })
export class DealModule {}
