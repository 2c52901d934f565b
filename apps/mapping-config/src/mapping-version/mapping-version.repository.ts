import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedReader } from '@crm-bridge/persistence';
import { MappingVersionEntity } from './mapping-version.entity';

@Injectable()
export class MappingVersionRepository extends TenantScopedReader<MappingVersionEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource.getRepository(MappingVersionEntity));
  }
}
