import { randomUUID } from 'node:crypto';
import { createEvent, type EventOfType } from '@crm-bridge/contracts';

/** Factories for valid events; override what a test is about. */
export function newPortalRecordChanged(
  overrides: { integrationId?: string; tenantId?: string; values?: Record<string, string | number | boolean | null> } = {},
): EventOfType<'portal-record.changed'> {
  const portalRecordId = randomUUID();
  return createEvent('portal-record.changed', {
    source: 'sync-engine',
    tenantId: overrides.tenantId ?? 'tenant-a',
    integrationId: overrides.integrationId ?? randomUUID(),
    subject: portalRecordId,
    correlationId: `req-${randomUUID()}`,
    data: {
      module: 'DEALS',
      portalRecordId,
      operation: 'UPDATED',
      changedFields: Object.keys(overrides.values ?? { name: '' }),
      values: overrides.values ?? { name: 'Big deal' },
    },
  });
}

export function newMappingPublished(overrides: { integrationId?: string } = {}): EventOfType<'mapping.published'> {
  const mappingVersionId = randomUUID();
  return createEvent('mapping.published', {
    source: 'mapping-config',
    tenantId: 'tenant-a',
    integrationId: overrides.integrationId ?? randomUUID(),
    subject: mappingVersionId,
    correlationId: `req-${randomUUID()}`,
    data: {
      mappingVersionId,
      version: 2,
      publishedByUserId: 'user-1',
      definition: {
        stageMappings: [
          {
            zohoPipeline: 'Standard (Standard)',
            inbound: [{ zohoStage: 'Closed Won', portalPhase: 'Won' }],
            outbound: [{ portalPhase: 'Won', zohoStage: 'Closed Won' }],
            onCreate: { strategy: 'INFER' },
          },
        ],
        fieldMappings: [{ portalField: 'amount', zohoField: 'Amount', direction: 'BOTH', valueMap: [] }],
        zohoDefaults: [],
        matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
      },
    },
  });
}

export function newConnectionConnected(overrides: { integrationId?: string } = {}): EventOfType<'connection.connected'> {
  const connectionId = randomUUID();
  return createEvent('connection.connected', {
    source: 'auth-connector',
    tenantId: 'tenant-a',
    integrationId: overrides.integrationId ?? randomUUID(),
    subject: connectionId,
    correlationId: `req-${randomUUID()}`,
    data: {
      connectionId,
      dataCentre: 'EU',
      apiDomain: 'https://www.zohoapis.eu',
      zohoOrgId: '20001',
      zohoOrgTimeZone: 'Europe/Berlin',
      grantedScopes: ['ZohoCRM.modules.ALL'],
      apiVersion: 'V8',
      readStrategy: 'AUTOMATIC',
    },
  });
}
