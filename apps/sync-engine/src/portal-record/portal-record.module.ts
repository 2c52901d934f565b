import { Module } from '@nestjs/common';
import { PortalRecordRepository } from './portal-record.repository';
import { PortalRecordService } from './portal-record.service';

/** The reads every portal record kind's resolver uses. */
@Module({ providers: [PortalRecordRepository, PortalRecordService], exports: [PortalRecordService] })
export class PortalRecordModule {}
