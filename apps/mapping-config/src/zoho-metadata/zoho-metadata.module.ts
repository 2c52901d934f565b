import { ServiceMetrics } from '@crm-bridge/observability';
import { SERVICE_CONFIG, SERVICE_NAME, SubgraphFeature } from '@crm-bridge/service-runtime';
import { ZohoClient } from '@crm-bridge/zoho-client';
import { ConnectionTokenClient } from '@crm-bridge/zoho-connection-tokens';
import { IntegrationModule } from '../integration/integration.module';
import { zohoMetadataConfig, type ZohoMetadataConfig } from './zoho-metadata.config';
import { ZohoMetadataResolver } from './zoho-metadata.resolver';
import { ZohoMetadataService } from './zoho-metadata.service';

/** A person waits for metadata (a query, a publish): fail within this rather than zoho-client's 60 s default. */
const METADATA_DEADLINE_MS = 20_000;

/**
 * Zoho metadata discovery for integrations: `zohoMetadata(integrationId)`, `refreshZohoMetadata`,
 * and the Deals snapshot mappings are validated against. One `ZohoClient` serves every org; its
 * tokens come from auth-connector (`ConnectionTokenClient`), each with its API domain.
 */
@SubgraphFeature({
  imports: [IntegrationModule],
  config: zohoMetadataConfig,
  providers: [
    {
      provide: ZohoClient,
      inject: [SERVICE_CONFIG, SERVICE_NAME, ServiceMetrics],
      useFactory: (config: ZohoMetadataConfig, serviceName: string, metrics: ServiceMetrics) =>
        new ZohoClient({
          tokens: new ConnectionTokenClient({
            authConnectorUrl: config.AUTH_CONNECTOR_URL,
            service: serviceName,
            signingSecret: config.INTERNAL_SIGNING_SECRET,
          }),
          // mapping-config reads a few cached metadata calls per org. The smallest edition's limits
          // are the safe guess: its budget check can only stop early, never overspend the org.
          limitsFor: () => ({ edition: 'free' }),
          metadataTtlMs: config.ZOHO_METADATA_TTL_SECONDS * 1000,
          deadlineMs: METADATA_DEADLINE_MS,
          metricsRegistry: metrics.registry,
        }),
    },
    ZohoMetadataService,
  ],
  exports: [ZohoMetadataService],
  resolvers: [ZohoMetadataResolver],
})
export class ZohoMetadataModule {}
