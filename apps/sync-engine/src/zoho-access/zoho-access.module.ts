import { ServiceMetrics } from '@crm-bridge/observability';
import { SERVICE_CONFIG, SERVICE_NAME, SubgraphFeature } from '@crm-bridge/service-runtime';
import { ZohoClient, ZohoDataCentreDirectory } from '@crm-bridge/zoho-client';
import { ConnectionTokenClient } from '@crm-bridge/zoho-connection-tokens';
import { zohoAccessConfig, type ZohoAccessConfig } from './zoho-access.config';
import { ZohoExchanges } from './zoho-exchanges';
import { ZohoOrgs } from './zoho-orgs';

/**
 * The one `ZohoClient` of sync-engine, shared by every org it syncs: tokens from auth-connector
 * (`ConnectionTokenClient`), each org's limits by its edition (`ZohoOrgs`), every exchange told to
 * whoever listens (`ZohoExchanges`: debug mode), the sandbox's hosts when `ZOHO_SANDBOX_URL` says it
 * plays Zoho.
 */
@SubgraphFeature({
  config: zohoAccessConfig,
  providers: [
    ZohoOrgs,
    ZohoExchanges,
    {
      provide: ZohoClient,
      inject: [SERVICE_CONFIG, SERVICE_NAME, ServiceMetrics, ZohoOrgs, ZohoExchanges],
      useFactory: (config: ZohoAccessConfig, serviceName: string, metrics: ServiceMetrics, orgs: ZohoOrgs, exchanges: ZohoExchanges) =>
        new ZohoClient({
          tokens: new ConnectionTokenClient({
            authConnectorUrl: config.AUTH_CONNECTOR_URL,
            service: serviceName,
            signingSecret: config.INTERNAL_SIGNING_SECRET,
          }),
          ...(config.ZOHO_SANDBOX_URL ? { dataCentres: ZohoDataCentreDirectory.forSandbox(config.ZOHO_SANDBOX_URL) } : {}),
          limitsFor: (orgRef) => orgs.limitsOf(orgRef),
          onCharged: (orgRef, credits) => orgs.recordCharge(orgRef, credits),
          onExchange: (exchange) => exchanges.tell(exchange),
          metricsRegistry: metrics.registry,
        }),
    },
  ],
  exports: [ZohoClient, ZohoOrgs, ZohoExchanges],
})
export class ZohoAccessModule {}
