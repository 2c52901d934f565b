import { Module } from '@nestjs/common';
import { PortalRecordModule } from '../portal-record/portal-record.module';
import { AccountResolver } from './account.resolver';

@Module({ imports: [PortalRecordModule], providers: [AccountResolver] })
export class AccountModule {}
