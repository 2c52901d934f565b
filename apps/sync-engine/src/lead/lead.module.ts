import { Module } from '@nestjs/common';
import { PortalRecordModule } from '../portal-record/portal-record.module';
import { LeadResolver } from './lead.resolver';

@Module({ imports: [PortalRecordModule], providers: [LeadResolver] })
export class LeadModule {}
