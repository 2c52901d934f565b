import { Injectable } from '@nestjs/common';
import type { EventOfType, PortalDealSubmittedData } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { StructuredLogger } from '@crm-bridge/observability';
import { CodedError, ErrorKind, InputProblemsException, type InputProblem } from '@crm-bridge/subgraph';
import { DealService, type DealWriteScope } from '../deal/deal.service';
import { DealIntakeRepository } from './deal-intake.repository';

type SubmittedDeal = EventOfType<'portal-deal.submitted'>;

/** A submission writes in its event's integration only. */
type IntegrationWriteScope = DealWriteScope & { readonly integrationId: string };

/**
 * The Kafka intake of portal deal writes: a `portal-deal.submitted` goes through the same
 * `DealService` path as the GraphQL mutations (the same validation, repository and
 * `portal-record.changed`), once per request id; a refusal is published as `portal-deal.rejected`.
 *
 * The caller is the tenant's portal system itself, not a person: events on the portal record
 * changes topic are trusted service input (which holds only while the broker lets no one else
 * produce there), and the portal has already decided which of its users may change deals. So
 * there is no role check; the write is confined to the event's tenant and integration instead
 * (see the README's "Deal writes over Kafka" and its decision note).
 */
@Injectable()
export class DealIntakeService {
  constructor(
    private readonly deals: DealService,
    private readonly requests: DealIntakeRepository,
    private readonly logger: StructuredLogger,
  ) {}

  /**
   * Applies one submission inside the consumer's transaction: the deal write, the request record
   * and the `processed_events` mark commit together, and a refusal commits its rejection event
   * instead. Anything else thrown (the database is down) is retried, then dead-lettered.
   */
  @OnEvents({ consumer: 'deal-intake', types: ['portal-deal.submitted'] })
  async applySubmittedDeal(submitted: SubmittedDeal): Promise<void> {
    const context = {
      tenantId: submitted.tenantId,
      integrationId: submitted.integrationId,
      correlationId: submitted.correlationId,
      eventId: submitted.eventId,
      requestId: submitted.data.requestId,
      operation: submitted.data.operation,
    };
    const earlier = await this.requests.appliedRequest(submitted);
    if (earlier) {
      this.logger.info('portal deal request applied before; skipped', {
        ...context,
        dealId: earlier.dealId,
        firstEventId: earlier.submittedEventId,
      });
      return;
    }
    const scope: IntegrationWriteScope = {
      tenantId: submitted.tenantId,
      integrationId: submitted.integrationId,
      correlationId: submitted.correlationId,
    };
    let dealId: string;
    try {
      dealId = await this.apply(scope, submitted.data);
    } catch (error) {
      const problems = problemsOfRefusal(error);
      if (!problems) {
        throw error;
      }
      await this.requests.reject(submitted, problems);
      this.logger.info('portal deal request rejected', { ...context, problems: problems.map((problem) => problem.message) });
      return;
    }
    await this.requests.recordApplied(submitted, dealId);
    this.logger.info('portal deal request applied', { ...context, dealId });
  }

  /** The id of the deal the request created, updated or deleted. */
  private async apply(scope: IntegrationWriteScope, request: PortalDealSubmittedData): Promise<string> {
    switch (request.operation) {
      case 'CREATE':
        return (await this.deals.createIn(scope, scope.integrationId, request.input)).id;
      case 'UPDATE': {
        const { id, ...changes } = request.input;
        return (await this.deals.updateIn(scope, id, changes)).id;
      }
      case 'DELETE':
        await this.deals.deleteIn(scope, request.input.id);
        return request.input.id;
    }
  }
}

/**
 * What the portal is told when the request itself is at fault: every input problem, or the one
 * thing not found (the deal, or the integration — named `integrationId`, the envelope's field,
 * since a submission's input has none). Null for any other error: that is retried, not rejected.
 */
function problemsOfRefusal(error: unknown): readonly InputProblem[] | null {
  if (error instanceof InputProblemsException) {
    return error.problems;
  }
  if (!(error instanceof CodedError) || (error.kind !== ErrorKind.BadUserInput && error.kind !== ErrorKind.NotFound)) {
    return null;
  }
  // `instanceof` cannot know the feature's code enum; every CodedError's code is a string.
  const code: unknown = error.code;
  const path = error.field === 'input.integrationId' ? 'integrationId' : (error.field ?? 'input');
  return [{ code: String(code), path, message: error.message }];
}
