import { SERVICE_CONFIG, SubgraphFeature } from '@crm-bridge/service-runtime';
import { ZohoDataCentreDirectory, ZohoOAuthClient } from '@crm-bridge/zoho-client';
import type { ZohoAccountsConfig } from './zoho-accounts.config';
import { ZohoOrgProfileReader } from './zoho-org-profile.reader';

/**
 * Zoho's hosts and its Accounts server as Nest providers: the sandbox's when `ZOHO_SANDBOX_URL` is
 * set, Zoho's real ones otherwise, and the reader of a newly connected org's profile.
 */
@SubgraphFeature({
  providers: [
    {
      provide: ZohoDataCentreDirectory,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ZohoAccountsConfig) =>
        config.ZOHO_SANDBOX_URL ? ZohoDataCentreDirectory.forSandbox(config.ZOHO_SANDBOX_URL) : new ZohoDataCentreDirectory(),
    },
    {
      provide: ZohoOAuthClient,
      inject: [ZohoDataCentreDirectory],
      useFactory: (dataCentres: ZohoDataCentreDirectory) => new ZohoOAuthClient({ dataCentres }),
    },
    ZohoOrgProfileReader,
  ],
  exports: [ZohoDataCentreDirectory, ZohoOAuthClient, ZohoOrgProfileReader],
})
export class ZohoAccountsModule {}
