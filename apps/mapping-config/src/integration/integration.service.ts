import { Injectable } from '@nestjs/common';
import type { CallerContext } from '@crm-bridge/caller-context';
import { isUuid } from '@crm-bridge/persistence';
import {
  CallerRoles,
  ErrorKind,
  InputProblemsException,
  parseIntegrationId,
  parsePageArguments,
  requireCallerRole,
  toConnection,
  type Connection,
  type InputProblem,
} from '@crm-bridge/subgraph';
import { IntegrationRepository } from './integration.repository';
import type { IntegrationEntity } from './integration.entity';
import { IntegrationException, IntegrationExceptionCode } from './integration.exception';
import { settingsWarnings, validateIntegrationSettings } from './integration-settings.validation';
import type { Integration, IntegrationSettingsPayload } from './integration.type';
import type { CreateIntegrationInput } from './dto/create-integration.input';
import type { UpdateIntegrationSettingsInput } from './dto/update-integration-settings.input';

@Injectable()
export class IntegrationService {
  constructor(private readonly integrations: IntegrationRepository) {}

  async list(tenantId: string, args: { first: number; after?: string | null }): Promise<Connection<Integration>> {
    const page = parsePageArguments(args.first, args.after);
    const rows = await this.integrations.page(tenantId, page);
    return toConnection(rows.map(toIntegration), page.limit);
  }

  async byIds(tenantId: string, ids: readonly string[]): Promise<Integration[]> {
    return (await this.integrations.byIds(tenantId, ids)).map(toIntegration);
  }

  /**
   * Creates the integration of one of the tenant's Zoho connections. The connection must be one
   * auth-connector announced for this tenant (`connection.connected`): an unknown id, or another
   * tenant's, is refused rather than stored as a promise nobody can keep.
   */
  async create(caller: CallerContext, input: CreateIntegrationInput, correlationId: string): Promise<IntegrationSettingsPayload> {
    requireCallerRole(caller, CallerRoles.admin, 'create an integration');
    const problems: InputProblem[] = [];
    if (!isUuid(input.connectionId)) {
      problems.push({
        code: IntegrationExceptionCode.InvalidConnectionId,
        path: 'input.connectionId',
        message: 'input.connectionId must be a connection id (a UUID)',
      });
    }
    const { patch, problems: settingsProblems } = validateIntegrationSettings(input);
    problems.push(...settingsProblems);
    if (problems.length > 0) {
      throw new InputProblemsException(problems);
    }
    const creation = await this.integrations.create(caller.tenantId, {
      connectionId: input.connectionId,
      settings: { ...patch, name: patch.name ?? input.name },
      correlationId,
    });
    switch (creation.outcome) {
      case 'unknown-connection':
        throw new IntegrationException(
          IntegrationExceptionCode.ConnectionNotFound,
          ErrorKind.NotFound,
          `input.connectionId: no Zoho connection ${input.connectionId} in this tenant (a connection made moments ago may take a few seconds to arrive; try again)`,
          'input.connectionId',
        );
      case 'exists':
        throw new IntegrationException(
          IntegrationExceptionCode.IntegrationExistsForConnection,
          ErrorKind.Conflict,
          `input.connectionId: connection ${input.connectionId} already has integration ${creation.integrationId}; change its settings instead`,
          'input.connectionId',
        );
      case 'created':
        return {
          integration: toIntegration(creation.integration),
          warnings: settingsWarnings(patch, creation.integration, creation.orgTimeZone),
        };
    }
  }

  /** Saves the settings a tenant admin changed; everything is checked before anything is stored. */
  async updateSettings(
    caller: CallerContext,
    input: UpdateIntegrationSettingsInput,
    correlationId: string,
  ): Promise<IntegrationSettingsPayload> {
    requireCallerRole(caller, CallerRoles.admin, 'change integration settings');
    const integrationId = parseIntegrationId(input.integrationId, 'input.integrationId');
    const { patch, problems } = validateIntegrationSettings(input);
    if (problems.length > 0) {
      throw new InputProblemsException(problems);
    }
    const update = await this.integrations.updateSettings(caller.tenantId, { integrationId, patch, correlationId });
    if (!update) {
      throw new IntegrationException(
        IntegrationExceptionCode.IntegrationNotFound,
        ErrorKind.NotFound,
        `integration ${integrationId} does not exist`,
        'input.integrationId',
      );
    }
    return { integration: toIntegration(update.integration), warnings: settingsWarnings(patch, update.integration, update.orgTimeZone) };
  }
}

function toIntegration(row: IntegrationEntity): Integration {
  return {
    id: row.id,
    name: row.name,
    connection: { id: row.connectionId },
    modules: row.modules,
    contactTargetModule: row.contactTargetModule,
    conflictPolicy: row.conflictPolicy,
    syncIntervalMinutes: row.syncIntervalMinutes,
    debounceSeconds: row.debounceSeconds,
    syncRecordsFrom: row.syncRecordsFrom,
    timeZone: row.timeZone,
    registrationCollisions: row.registrationCollisions,
    enabled: row.enabled,
    publishedVersion: row.publishedVersion,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
