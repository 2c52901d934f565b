import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedReader } from '@crm-bridge/persistence';
import { ZohoConnectionEntity } from './zoho-connection.entity';

@Injectable()
export class ZohoConnectionRepository extends TenantScopedReader<ZohoConnectionEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource.getRepository(ZohoConnectionEntity));
  }
}
