import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedReader } from '@crm-bridge/persistence';
import { IntegrationEntity } from './integration.entity';

@Injectable()
export class IntegrationRepository extends TenantScopedReader<IntegrationEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource.getRepository(IntegrationEntity));
  }
}
