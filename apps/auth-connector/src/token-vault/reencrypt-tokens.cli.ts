// `npm run tokens:reencrypt`: after TOKEN_ENCRYPTION_KEY_ID names a new key, seal every stored
// Zoho secret with it, so the old key can then be removed from TOKEN_ENCRYPTION_KEYS. Reads the
// same variables as the service (DATABASE_URL, or the embedded PostgreSQL under LOCAL_DATA_DIR);
// safe while the service runs, and safe to run again.
import 'reflect-metadata';
import { join } from 'node:path';
import { databaseUrlVariable, loadConfig, portVariable, z } from '@crm-bridge/config';
import { EmbeddedPostgresLauncher, openServiceDatabase } from '@crm-bridge/persistence';
import { databaseOf } from '@crm-bridge/service-runtime';
import { authConnectorService } from '../auth-connector.service-definition';
import { ConnectionSecretsCipher } from '../zoho-connection/connection-secrets';
import { TokenReencryption } from './token-reencryption';
import { TokenReencryptionRepository } from './token-reencryption.repository';
import { TokenVault } from '@crm-bridge/service-runtime';
import { tokenVaultConfig } from './token-vault.config';

async function main(): Promise<void> {
  const config = loadConfig(
    'tokens:reencrypt',
    z.object({
      DATABASE_URL: databaseUrlVariable,
      LOCAL_DATA_DIR: z.string().default('.data'),
      EMBEDDED_POSTGRES_PORT: portVariable(54320),
      ...tokenVaultConfig,
    }),
    process.env,
  );
  const vault = new TokenVault(config, authConnectorService.serviceName);
  const postgres = config.DATABASE_URL
    ? undefined
    : await EmbeddedPostgresLauncher.attachOrStartPersistent(join(config.LOCAL_DATA_DIR, 'postgres'), config.EMBEDDED_POSTGRES_PORT);
  const dataSource = await openServiceDatabase(databaseOf(authConnectorService), config.DATABASE_URL ?? postgres!.url);
  try {
    const reencryption = new TokenReencryption(new TokenReencryptionRepository(dataSource), new ConnectionSecretsCipher(vault));
    const { reencrypted } = await reencryption.reencryptAll();
    console.log(JSON.stringify({ reencrypted, currentKeyId: vault.currentKeyId }));
  } finally {
    await dataSource.destroy();
    await postgres?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
