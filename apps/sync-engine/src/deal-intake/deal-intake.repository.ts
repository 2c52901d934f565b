import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, type EventOfType } from '@crm-bridge/contracts';
import { TenantScopedRepository, TransactionalOutbox } from '@crm-bridge/persistence';
import type { InputProblem } from '@crm-bridge/subgraph';
import { DealIntakeRequestEntity } from './deal-intake-request.entity';

type SubmittedDeal = EventOfType<'portal-deal.submitted'>;

/**
 * The intake's own rows and events. Called inside the consumer's transaction (`@OnEvents`), so
 * what it writes commits together with the deal write and the `processed_events` mark.
 */
@Injectable()
export class DealIntakeRepository extends TenantScopedRepository<DealIntakeRequestEntity> {
  constructor(
    private readonly source: DataSource,
    outbox: TransactionalOutbox,
  ) {
    super(source, DealIntakeRequestEntity, outbox);
  }

  /** The applied request with the submission's request id, if any (the submission's tenant and integration only). */
  appliedRequest(submitted: SubmittedDeal): Promise<DealIntakeRequestEntity | null> {
    return this.source.getRepository(DealIntakeRequestEntity).findOneBy({
      tenantId: submitted.tenantId,
      integrationId: submitted.integrationId,
      requestId: submitted.data.requestId,
    });
  }

  /**
   * Remembers that the submission was applied to `dealId`. The unique request id makes a racing
   * duplicate fail here and roll its deal write back; its retry then finds this row.
   */
  recordApplied(submitted: SubmittedDeal, dealId: string): Promise<void> {
    return this.transaction(submitted.tenantId, async (tx) => {
      await tx.insert(DealIntakeRequestEntity, {
        integrationId: submitted.integrationId,
        requestId: submitted.data.requestId,
        operation: submitted.data.operation,
        dealId,
        submittedEventId: submitted.eventId,
      });
    });
  }

  /** Publishes `portal-deal.rejected` with every problem, keyed by the submission's integration; stores nothing else. */
  reject(submitted: SubmittedDeal, problems: readonly InputProblem[]): Promise<void> {
    return this.transaction(submitted.tenantId, async (tx) => {
      const { requestId, operation } = submitted.data;
      await tx.publish([
        createEvent('portal-deal.rejected', {
          source: 'sync-engine',
          tenantId: submitted.tenantId,
          integrationId: submitted.integrationId,
          subject: requestId,
          correlationId: submitted.correlationId,
          data: {
            requestId,
            operation,
            dealId: submitted.data.operation === 'CREATE' ? null : submitted.data.input.id,
            submittedEventId: submitted.eventId,
            problems: problems.map(({ code, path, message }) => ({ code, path, message })),
          },
        }),
      ]);
    });
  }
}
