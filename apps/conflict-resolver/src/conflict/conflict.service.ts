import { Injectable } from '@nestjs/common';
import type { CallerContext } from '@crm-bridge/caller-context';
import type { EventOfType, RecordFieldValue, RecordModule } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { StructuredLogger } from '@crm-bridge/observability';
import {
  CallerRoles,
  ErrorKind,
  integrationFilter,
  parsePageArguments,
  requireCallerRole,
  requireUuidArgument,
  toConnection,
  type Connection,
} from '@crm-bridge/subgraph';
import { ConflictPolicyService } from '../conflict-policy/conflict-policy.service';
import { FieldRulesService } from '../field-rules/field-rules.service';
import type { ConflictDecision } from './conflict-decision';
import type { ConflictEntity } from './conflict.entity';
import type { ConflictStatus } from './conflict.enums';
import { ConflictException, ConflictExceptionCode } from './conflict.exception';
import { ConflictRepository } from './conflict.repository';
import type { ConflictResolutionRecordEntity } from './conflict-resolution-record.entity';
import type { Conflict, ConflictResolutionRecord } from './conflict.type';
import type { ResolveConflictInput } from './dto/resolve-conflict.input';

/** The review queue's filters (see `ListConflictsArgs`). */
export interface ConflictListArgs {
  readonly first: number;
  readonly after?: string | null;
  readonly integrationId?: string | null;
  readonly status?: ConflictStatus | null;
  readonly module?: RecordModule | null;
  readonly portalRecordId?: string | null;
  readonly openedBefore?: Date | null;
}

@Injectable()
export class ConflictService {
  constructor(
    private readonly conflicts: ConflictRepository,
    private readonly policies: ConflictPolicyService,
    private readonly fieldRules: FieldRulesService,
    private readonly logger: StructuredLogger,
  ) {}

  /**
   * sync-engine's reports, in the order it made them (one consumer, so a clearing never overtakes
   * the detection it ends): detections are stored as the record field's one open conflict and,
   * under an automatic policy (the module's where set, else the integration's), resolved at once;
   * clearings close the open conflicts of their fields without a resolution.
   */
  @OnEvents({ consumer: 'conflict-detections', types: ['conflict.detected', 'conflict.cleared'] })
  async recordReport(event: EventOfType<'conflict.detected' | 'conflict.cleared'>): Promise<void> {
    const context = {
      tenantId: event.tenantId,
      integrationId: event.integrationId,
      correlationId: event.correlationId,
      portalRecordId: event.data.portalRecordId,
    };
    if (event.type === 'conflict.cleared') {
      const cleared = await this.conflicts.recordClearing(event.tenantId, { ...event.data, integrationId: event.integrationId });
      this.logger.info('conflicts cleared', { ...context, fields: event.data.fields, reason: event.data.reason, cleared });
      return;
    }
    const policy = await this.policies.policyFor(event.tenantId, event.integrationId, event.data.module);
    const outcome = await this.conflicts.recordDetection(
      event.tenantId,
      { ...event.data, integrationId: event.integrationId, correlationId: event.correlationId },
      policy,
    );
    this.logger.info('conflicts detected', { ...context, policy, ...outcome });
  }

  async list(tenantId: string, args: ConflictListArgs): Promise<Connection<Conflict>> {
    const page = parsePageArguments(args.first, args.after);
    if (args.portalRecordId !== undefined && args.portalRecordId !== null) {
      requireUuidArgument(args.portalRecordId, 'portalRecordId', {
        names: 'a portal record id',
        exception: ConflictException,
        code: ConflictExceptionCode.InvalidPortalRecordId,
      });
    }
    const filter = {
      ...integrationFilter(args.integrationId),
      status: args.status ?? undefined,
      recordModule: args.module ?? undefined,
      portalRecordId: args.portalRecordId ?? undefined,
    };
    const before = args.openedBefore ? { property: 'createdAt' as const, at: args.openedBefore } : undefined;
    const rows = await this.conflicts.page(tenantId, { ...page, filter, before });
    return toConnection(rows.map(toConflict), page.limit);
  }

  async byIds(tenantId: string, ids: readonly string[]): Promise<Conflict[]> {
    return (await this.conflicts.byIds(tenantId, ids)).map(toConflict);
  }

  /** Open conflicts of these portal records (ids of other tenants' records find nothing). */
  async openForRecords(tenantId: string, recordModule: RecordModule, portalRecordIds: readonly string[]): Promise<Conflict[]> {
    return (await this.conflicts.openForRecords(tenantId, recordModule, portalRecordIds)).map(toConflict);
  }

  /** The audit records of these conflicts (another tenant's conflicts have none here). */
  async resolutionRecordsOf(
    tenantId: string,
    conflictIds: readonly string[],
  ): Promise<(ConflictResolutionRecord & { conflictId: string })[]> {
    return (await this.conflicts.resolutionRecordsOf(tenantId, conflictIds)).map(toResolutionRecord);
  }

  /**
   * A tenant admin settles one open conflict: keeps the portal's value, Zoho's, or a value of
   * their own, checked against the field's type and Zoho's picklist before anything is stored.
   * Resolved, audited and announced (`conflict.resolved`) in one transaction.
   */
  async resolve(caller: CallerContext, input: ResolveConflictInput, correlationId: string): Promise<Conflict> {
    requireCallerRole(caller, CallerRoles.admin, 'resolve a conflict');
    if (input.keep !== 'VALUE' && input.value !== undefined) {
      throw new ConflictException(
        ConflictExceptionCode.ValueNotExpected,
        ErrorKind.BadUserInput,
        `input.value must be left out when keep is ${input.keep}: only keep VALUE writes a given value`,
        'input.value',
      );
    }
    const ownValue = input.keep === 'VALUE' ? await this.checkOwnValue(caller.tenantId, input) : null;
    const decide = (conflict: ConflictEntity): ConflictDecision => {
      const resolvedBy = caller.userId;
      switch (input.keep) {
        case 'PORTAL':
          return { resolution: 'PORTAL_VALUE', resolvedValue: conflict.portalValue, policy: null, resolvedBy };
        case 'ZOHO':
          return { resolution: 'ZOHO_VALUE', resolvedValue: conflict.zohoValue, policy: null, resolvedBy };
        case 'VALUE':
          return { resolution: 'CUSTOM_VALUE', resolvedValue: ownValue, policy: null, resolvedBy };
      }
    };
    const resolved = await this.conflicts.resolve(caller.tenantId, input.conflictId, decide, correlationId);
    if (resolved === 'not-found') {
      throw conflictNotFound(input.conflictId);
    }
    if (typeof resolved === 'object' && 'cleared' in resolved) {
      throw new ConflictException(
        ConflictExceptionCode.ConflictCleared,
        ErrorKind.Conflict,
        `input.conflictId: conflict ${input.conflictId} was cleared without a resolution (${resolved.cleared.clearedReason ?? 'no reason'}): there is nothing to resolve any more`,
        'input.conflictId',
      );
    }
    if (resolved === 'already-resolved') {
      throw new ConflictException(
        ConflictExceptionCode.ConflictAlreadyResolved,
        ErrorKind.Conflict,
        `input.conflictId: conflict ${input.conflictId} is already resolved`,
        'input.conflictId',
      );
    }
    return toConflict(resolved);
  }

  /** The reviewer's value, canonical, once it passed the field's type and Zoho's picklist. */
  private async checkOwnValue(tenantId: string, input: ResolveConflictInput): Promise<RecordFieldValue> {
    if (input.value === undefined) {
      throw new ConflictException(
        ConflictExceptionCode.ValueRequired,
        ErrorKind.BadUserInput,
        'input.value is required when keep is VALUE (null empties the field)',
        'input.value',
      );
    }
    const conflict = (await this.conflicts.byIds(tenantId, [input.conflictId]))[0];
    if (!conflict) {
      throw conflictNotFound(input.conflictId);
    }
    const checked = await this.fieldRules.checkValue(
      tenantId,
      conflict.integrationId,
      conflict.recordModule,
      conflict.fieldName,
      input.value,
    );
    if (!checked.ok) {
      throw new ConflictException(checked.code, ErrorKind.BadUserInput, `input.value ${checked.reason}`, 'input.value');
    }
    // A multi-select's canonical list is read-only; the event's value is a plain list.
    const { value } = checked;
    return typeof value === 'object' && value !== null ? [...value] : value;
  }
}

function conflictNotFound(conflictId: string): ConflictException {
  return new ConflictException(
    ConflictExceptionCode.ConflictNotFound,
    ErrorKind.NotFound,
    `input.conflictId: conflict ${conflictId} does not exist`,
    'input.conflictId',
  );
}

function toConflict(row: ConflictEntity): Conflict {
  return {
    id: row.id,
    integration: { id: row.integrationId },
    recordModule: row.recordModule,
    portalRecordId: row.portalRecordId,
    zohoRecordId: row.zohoRecordId,
    fieldName: row.fieldName,
    baseValue: row.baseValue,
    portalValue: row.portalValue,
    zohoValue: row.zohoValue,
    portalChangedAt: row.portalChangedAt,
    zohoChangedAt: row.zohoChangedAt,
    status: row.status,
    resolution: row.resolution,
    resolvedValue: row.resolvedValue,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt,
    clearedReason: row.clearedReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toResolutionRecord(row: ConflictResolutionRecordEntity): ConflictResolutionRecord & { conflictId: string } {
  return {
    id: row.id,
    conflictId: row.conflictId,
    resolution: row.resolution,
    clearedReason: row.clearedReason,
    resolvedValue: row.resolvedValue,
    policy: row.policy,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt,
    baseValue: row.baseValue,
    portalValue: row.portalValue,
    zohoValue: row.zohoValue,
  };
}
