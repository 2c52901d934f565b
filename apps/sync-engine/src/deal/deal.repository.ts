import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedReader } from '@crm-bridge/persistence';
import { DealEntity } from './deal.entity';

@Injectable()
export class DealRepository extends TenantScopedReader<DealEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource.getRepository(DealEntity));
  }
}
