import { Injectable } from '@nestjs/common';
import { ConnectionSecretsCipher } from '../zoho-connection/connection-secrets';
import { TokenReencryptionRepository } from './token-reencryption.repository';

const BATCH_SIZE = 100;

/**
 * Moves every stored secret to the current key after a rotation (`npm run tokens:reencrypt`):
 * each row is opened with the key it names and sealed again with the current one, in its own
 * transaction, so the service keeps running meanwhile and a refresh racing the command waits on
 * the row lock. Once it reports zero rows left, the old key can leave `TOKEN_ENCRYPTION_KEYS`.
 */
@Injectable()
export class TokenReencryption {
  constructor(
    private readonly rows: TokenReencryptionRepository,
    private readonly secrets: ConnectionSecretsCipher,
  ) {}

  async reencryptAll(): Promise<{ reencrypted: number }> {
    let reencrypted = 0;
    for (;;) {
      const batch = await this.rows.sealedWithOtherKeys(this.secrets.currentKeyId, BATCH_SIZE);
      if (batch.length === 0) {
        return { reencrypted };
      }
      for (const { id, tenantId } of batch) {
        const changed = await this.rows.reseal(tenantId, id, this.secrets.currentKeyId, (row) => {
          const open = this.secrets.open(row);
          return open === null ? null : this.secrets.seal(tenantId, open);
        });
        reencrypted += changed ? 1 : 0;
      }
    }
  }
}
