import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createEvent } from '@crm-bridge/contracts';
import type { MappingDefinition } from '@crm-bridge/sync-domain';
import { EventPublisher } from '@crm-bridge/kafka';
import { eventually, newTenantId } from '@crm-bridge/testing';
import { SyncEngineTestContext } from '../sync-engine.test-context';
import { ActiveMappingEntity } from './active-mapping.entity';

const STAGE_MAPPING: MappingDefinition['stageMappings'][number] = {
  zohoPipeline: 'Standard (Standard)',
  inbound: [
    { zohoStage: 'Closed Won', portalPhase: 'Won' },
    { zohoStage: 'Closed Lost', portalPhase: 'Lost' },
  ],
  outbound: [
    { portalPhase: 'Won', zohoStage: 'Closed Won' },
    { portalPhase: 'Lost', zohoStage: 'Closed Lost' },
  ],
  onCreate: { strategy: 'STATIC', zohoStage: 'Qualification' },
};

const DEFINITION: MappingDefinition = {
  stageMappings: [STAGE_MAPPING],
  fieldMappings: [{ portalField: 'amount', zohoField: 'Amount', direction: 'BOTH', valueMap: [] }],
  zohoDefaults: [],
  matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
};

describe('sync-engine applies the mappings mapping-config publishes', () => {
  const ctx = SyncEngineTestContext.forSuite();
  let publisher: EventPublisher;

  before(async () => {
    publisher = new EventPublisher(ctx.kafka.kafka);
    await publisher.connect();
  });
  after(() => publisher.disconnect());

  function mappingPublished(tenantId: string, integrationId: string, version: number, definition: MappingDefinition = DEFINITION) {
    const mappingVersionId = randomUUID();
    return createEvent('mapping.published', {
      source: 'mapping-config',
      tenantId,
      integrationId,
      subject: mappingVersionId,
      correlationId: `req-${version}`,
      data: { mappingVersionId, version, publishedByUserId: 'admin-1', definition },
    });
  }

  const activeOf = (integrationId: string) => ctx.service.dataSource.getRepository(ActiveMappingEntity).findBy({ integrationId });

  test('the newest published version becomes the active mapping; a late older one and a redelivery change nothing', async () => {
    const tenantId = newTenantId();
    const integrationId = randomUUID();
    const second = mappingPublished(tenantId, integrationId, 2, {
      ...DEFINITION,
      stageMappings: [{ ...STAGE_MAPPING, onCreate: { strategy: 'INFER' } }],
    });
    await publisher.publish([mappingPublished(tenantId, integrationId, 1), second]);
    await eventually(async () => assert.equal((await activeOf(integrationId))[0]?.version, 2));

    // Version 1 again (a dead letter replayed late), and version 2's event delivered twice.
    await publisher.publish([mappingPublished(tenantId, integrationId, 1), second]);
    const marker = randomUUID();
    await publisher.publish([mappingPublished(tenantId, marker, 1)]);
    // The suite's broker has one partition, so once the marker is applied everything before it was handled.
    await eventually(async () => assert.equal((await activeOf(marker)).length, 1));

    const [active] = await activeOf(integrationId);
    assert.equal(active?.tenantId, tenantId);
    assert.equal(active?.version, 2);
    assert.equal(active?.mappingVersionId, second.data.mappingVersionId);
    assert.deepEqual(active?.definition, second.data.definition);
    assert.equal(active?.publishedAt.toISOString(), second.occurredAt);
    assert.equal((await activeOf(integrationId)).length, 1);
  });
});
