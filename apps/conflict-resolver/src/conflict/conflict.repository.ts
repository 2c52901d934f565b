import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { isUuid, TenantScopedReader } from '@crm-bridge/persistence';
import { ConflictEntity } from './conflict.entity';
import type { RecordModule } from '@crm-bridge/contracts';
import { ConflictStatus } from './conflict.enums';

@Injectable()
export class ConflictRepository extends TenantScopedReader<ConflictEntity> {
  private readonly conflicts: Repository<ConflictEntity>;

  constructor(dataSource: DataSource) {
    const conflicts = dataSource.getRepository(ConflictEntity);
    super(conflicts);
    this.conflicts = conflicts;
  }

  /** The tenant's open conflicts of these records of one module, in one query, oldest first. */
  async openForRecords(tenantId: string, recordModule: RecordModule, portalRecordIds: readonly string[]): Promise<ConflictEntity[]> {
    const uuids = portalRecordIds.filter(isUuid);
    if (uuids.length === 0) {
      return [];
    }
    return this.conflicts
      .createQueryBuilder('row')
      .where('row.tenantId = :tenantId', { tenantId })
      .andWhere('row.portalRecordId = ANY(:portalRecordIds)', { portalRecordIds: uuids })
      .andWhere('row.recordModule = :recordModule', { recordModule })
      .andWhere('row.status = :status', { status: ConflictStatus.OPEN })
      .orderBy('row.createdAt', 'ASC')
      .addOrderBy('row.id', 'ASC')
      .getMany();
  }
}
