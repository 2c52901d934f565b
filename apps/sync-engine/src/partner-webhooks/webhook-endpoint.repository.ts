import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedRepository } from '@crm-bridge/persistence';
import type { SealedValue } from '@crm-bridge/service-runtime';
import type { WebhookEventType } from '@crm-bridge/contracts';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

/** A new endpoint's values; its id is chosen by the caller because the sealed secret is bound to it. */
export interface NewWebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly description: string;
  readonly events: readonly WebhookEventType[];
  readonly filter: WebhookEndpointFilter;
  readonly secret: SealedValue;
  readonly createdBy: string;
}

export interface WebhookEndpointFilter {
  readonly integrationId: string | null;
  readonly pipeline: string | null;
  readonly phase: string | null;
  readonly partnerId: string | null;
}

/** What updateWebhookEndpoint changes; undefined leaves a value as it is. */
export interface WebhookEndpointChange {
  readonly url?: string | undefined;
  readonly description?: string | undefined;
  readonly filter?: WebhookEndpointFilter | undefined;
  /** false disables it "by an admin"; true enables it and forgets its failure streak. */
  readonly enabled?: boolean | undefined;
}

/** The disabledReason of an endpoint an admin disabled. */
export const DISABLED_BY_ADMIN = 'disabled by an admin';

@Injectable()
export class WebhookEndpointRepository extends TenantScopedRepository<WebhookEndpointEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, WebhookEndpointEntity);
  }

  create(tenantId: string, endpoint: NewWebhookEndpoint): Promise<WebhookEndpointEntity> {
    return this.transaction(tenantId, (tx) => {
      const rows = tx.repository(WebhookEndpointEntity);
      return rows.save(
        rows.create({
          id: endpoint.id,
          tenantId: tx.tenantId,
          url: endpoint.url,
          description: endpoint.description,
          events: [...endpoint.events],
          ...filterColumns(endpoint.filter),
          status: 'ENABLED',
          disabledReason: null,
          disabledAt: null,
          secretCiphertext: endpoint.secret.ciphertext,
          secretKeyId: endpoint.secret.keyId,
          previousSecretCiphertext: null,
          previousSecretKeyId: null,
          previousSecretExpiresAt: null,
          failingSince: null,
          failedAttemptsInRow: 0,
          createdBy: endpoint.createdBy,
        }),
      );
    });
  }

  /** Applies `change` to the tenant's endpoint and returns it; null if the tenant has none with this id. */
  update(tenantId: string, id: string, change: WebhookEndpointChange, at: Date): Promise<WebhookEndpointEntity | null> {
    return this.transaction(tenantId, async (tx) => {
      const endpoint = await tx.lock(WebhookEndpointEntity, id);
      if (!endpoint) {
        return null;
      }
      if (change.url !== undefined) {
        endpoint.url = change.url;
      }
      if (change.description !== undefined) {
        endpoint.description = change.description;
      }
      if (change.filter !== undefined) {
        Object.assign(endpoint, filterColumns(change.filter));
      }
      if (change.enabled === true && endpoint.status === 'DISABLED') {
        // A fresh start: the failures that disabled it must not disable it again at the next one.
        Object.assign(endpoint, { status: 'ENABLED', disabledReason: null, disabledAt: null, failingSince: null, failedAttemptsInRow: 0 });
      } else if (change.enabled === false && endpoint.status === 'ENABLED') {
        Object.assign(endpoint, { status: 'DISABLED', disabledReason: DISABLED_BY_ADMIN, disabledAt: at });
      }
      return tx.save(WebhookEndpointEntity, endpoint);
    });
  }

  /**
   * Makes `secret` the endpoint's signing secret; the one it replaces signs beside it until
   * `previousValidUntil` (a secret rotated out earlier is forgotten).
   */
  rotateSecret(tenantId: string, id: string, secret: SealedValue, previousValidUntil: Date): Promise<WebhookEndpointEntity | null> {
    return this.transaction(tenantId, async (tx) => {
      const endpoint = await tx.lock(WebhookEndpointEntity, id);
      if (!endpoint) {
        return null;
      }
      endpoint.previousSecretCiphertext = endpoint.secretCiphertext;
      endpoint.previousSecretKeyId = endpoint.secretKeyId;
      endpoint.previousSecretExpiresAt = previousValidUntil;
      endpoint.secretCiphertext = secret.ciphertext;
      endpoint.secretKeyId = secret.keyId;
      return tx.save(WebhookEndpointEntity, endpoint);
    });
  }

  /** Deletes the tenant's endpoint with its deliveries and their attempts; false if it had none with this id. */
  delete(tenantId: string, id: string): Promise<boolean> {
    return this.transaction(tenantId, async (tx) => {
      const result = await tx.repository(WebhookEndpointEntity).delete({ tenantId: tx.tenantId, id });
      return (result.affected ?? 0) > 0;
    });
  }
}

function filterColumns(filter: WebhookEndpointFilter) {
  return {
    filterIntegrationId: filter.integrationId,
    filterPipeline: filter.pipeline,
    filterPhase: filter.phase,
    filterPartnerId: filter.partnerId,
  };
}
