import { Injectable } from '@nestjs/common';
import type { CallerContext } from '@crm-bridge/caller-context';
import { CallerRoles, ErrorKind, parseIntegrationId, requireCallerRole } from '@crm-bridge/subgraph';
import { ActiveMappingRepository } from '../active-mapping/active-mapping.repository';
import { withIntegration } from '../integration-reference/integration.type';
import { SyncIntegrationRepository } from '../sync-integration/sync-integration.repository';
import { SyncRunTrigger } from '../sync-run/sync-run.enums';
import type { TriggerSyncInput } from './dto/trigger-sync.input';
import type { TriggerSyncPayload } from './dto/trigger-sync.payload';
import { InboundException, InboundExceptionCode } from './inbound.exception';
import { InboundRepository } from './inbound.repository';

/** Manual syncs, asked for through the API. */
@Injectable()
export class InboundService {
  constructor(
    private readonly repository: InboundRepository,
    private readonly integrations: SyncIntegrationRepository,
    private readonly mappings: ActiveMappingRepository,
  ) {}

  /**
   * Queues a manual sync from Zoho (tenant admins) and wakes the integration; the run is RUNNING
   * at once. One full sync runs at a time per integration: asked again while one runs, the
   * running one is returned (`started: false`). Refused, naming `input.integrationId`, when the
   * integration could not sync deals from Zoho now, with what to do about it.
   */
  async triggerSync(caller: CallerContext, input: TriggerSyncInput): Promise<TriggerSyncPayload> {
    requireCallerRole(caller, CallerRoles.admin, 'trigger a sync');
    const integrationId = parseIntegrationId(input.integrationId, 'input.integrationId');
    const found = await this.integrations.withConnection(caller.tenantId, integrationId);
    if (!found) {
      // Another tenant's integration is not found, exactly like one that does not exist.
      throw refused(InboundExceptionCode.IntegrationNotFound, ErrorKind.NotFound, `integration ${integrationId} does not exist`);
    }
    const { settings } = found.integration;
    if (!settings.enabled) {
      throw refused(InboundExceptionCode.IntegrationDisabled, ErrorKind.Conflict, 'the integration is disabled: enable it to sync');
    }
    const deals = settings.modules.find((module) => module.module === 'DEALS');
    if (!deals?.enabled || deals.direction === 'PORTAL_TO_ZOHO') {
      throw refused(
        InboundExceptionCode.DealsNotSyncedFromZoho,
        ErrorKind.Conflict,
        'the integration does not sync deals from Zoho to the portal: enable the Deals module in that direction to sync it',
      );
    }
    if (found.connection?.state !== 'CONNECTED') {
      const why = found.connection?.stateReason ? ` (${found.connection.stateReason})` : '';
      throw refused(
        InboundExceptionCode.ConnectionNotUsable,
        ErrorKind.Conflict,
        `the integration's Zoho connection is ${found.connection?.state ?? 'not known to sync yet'}${why}: reconnect Zoho to sync`,
      );
    }
    if (!(await this.mappings.ofIntegration(caller.tenantId, integrationId))) {
      throw refused(
        InboundExceptionCode.NoMappingPublished,
        ErrorKind.Conflict,
        'the integration has no published mapping yet: publish one to sync',
      );
    }
    const { run, requested } = await this.repository.requestFullSync(caller.tenantId, integrationId, {
      mode: input.mode,
      trigger: SyncRunTrigger.MANUAL,
    });
    return { syncRun: withIntegration(run), started: requested };
  }
}

function refused(code: InboundExceptionCode, kind: ErrorKind, message: string): InboundException {
  return new InboundException(code, kind, message, 'input.integrationId');
}
