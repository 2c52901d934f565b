import { Module } from '@nestjs/common';
import { ZohoConnectionRepository } from './zoho-connection.repository';
import { ZohoConnectionResolver } from './zoho-connection.resolver';
import { ZohoConnectionService } from './zoho-connection.service';

@Module({
  providers: [ZohoConnectionRepository, ZohoConnectionService, ZohoConnectionResolver],
  exports: [ZohoConnectionService],
})
export class ZohoConnectionModule {}
