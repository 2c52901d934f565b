import { Module } from '@nestjs/common';
import { PortalRecordModule } from '../portal-record/portal-record.module';
import { ContactResolver } from './contact.resolver';

@Module({ imports: [PortalRecordModule], providers: [ContactResolver] })
export class ContactModule {}
