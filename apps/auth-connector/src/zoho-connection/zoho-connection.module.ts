import { ScheduleModule } from '@nestjs/schedule';
import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { ServiceMetrics } from '@crm-bridge/observability';
import { ZohoClient, ZohoDataCentreDirectory } from '@crm-bridge/zoho-client';
import { ConnectionAccessTokens } from './connection-access-tokens';
import { TokenRefreshScheduler } from './token-refresh.scheduler';
import { VaultTokenProvider } from './vault-token-provider';
import { TokenVault } from '@crm-bridge/service-runtime';
import { ZohoAccountsModule } from '../zoho-accounts/zoho-accounts.module';
import { ConnectionSecretsCipher } from './connection-secrets';
import { ZohoConnectionEntity } from './zoho-connection.entity';
import { zohoConnectionReferenceResolver } from './zoho-connection.reference';
import { ZohoConnectionRepository } from './zoho-connection.repository';
import { ZohoConnectionResolver } from './zoho-connection.resolver';
import { ZohoConnectionService } from './zoho-connection.service';

/** Zoho connections (data centre, org, scopes, token status): connecting one, `zohoConnections` and the `ZohoConnection` entity. */
@SubgraphFeature({
  imports: [ZohoAccountsModule, ScheduleModule.forRoot()],
  providers: [
    TokenVault,
    ConnectionSecretsCipher,
    ZohoConnectionRepository,
    ConnectionAccessTokens,
    VaultTokenProvider,
    TokenRefreshScheduler,
    {
      provide: ZohoClient,
      inject: [VaultTokenProvider, ZohoDataCentreDirectory, ServiceMetrics],
      // auth-connector's own calls are one-credit checks; the org's edition-based budget is sync's concern.
      useFactory: (tokens: VaultTokenProvider, dataCentres: ZohoDataCentreDirectory, metrics: ServiceMetrics) =>
        new ZohoClient({
          tokens,
          dataCentres,
          limitsFor: () => ({ edition: 'enterprise' }),
          metricsRegistry: metrics.registry,
          retry: { maxRetries: 1 },
        }),
    },
    ZohoConnectionService,
  ],
  exports: [
    ZohoConnectionService,
    ConnectionSecretsCipher,
    ConnectionAccessTokens,
    ZohoConnectionRepository,
    TokenVault,
    ZohoAccountsModule,
  ],
  resolvers: [ZohoConnectionResolver],
  referenceResolvers: (services) => ({ ZohoConnection: zohoConnectionReferenceResolver(services.get(ZohoConnectionService)) }),
  entities: [ZohoConnectionEntity],
})
export class ZohoConnectionModule {}
