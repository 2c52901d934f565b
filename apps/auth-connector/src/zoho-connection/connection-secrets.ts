import { Injectable } from '@nestjs/common';
import { TokenVault } from '@crm-bridge/service-runtime';
import type { ZohoConnectionEntity } from './zoho-connection.entity';

/** A connection's secrets in plaintext: only in memory, only as long as a call needs them. */
export interface ConnectionSecrets {
  refreshToken: string;
  accessToken: string;
  /** Epoch ms. */
  accessTokenExpiresAt: number;
  clientSecret: string;
}

/** The columns that hold a connection's secrets. */
export type SealedConnectionSecrets = Pick<
  ZohoConnectionEntity,
  'encryptedRefreshToken' | 'encryptedAccessToken' | 'accessTokenExpiresAt' | 'encryptedClientSecret' | 'encryptionKeyId'
>;

/**
 * Seals and opens the three secrets of a connection together, so one `encryption_key_id` always
 * describes the whole row: writing the access token after a rotation re-seals the refresh token
 * and client secret with the new key too. Each value is bound to its tenant and column.
 */
@Injectable()
export class ConnectionSecretsCipher {
  constructor(private readonly vault: TokenVault) {}

  get currentKeyId(): string {
    return this.vault.currentKeyId;
  }

  seal(tenantId: string, secrets: ConnectionSecrets): SealedConnectionSecrets {
    const refresh = this.vault.seal(secrets.refreshToken, context(tenantId, 'refresh-token'));
    const access = this.vault.seal(secrets.accessToken, context(tenantId, 'access-token'));
    const clientSecret = this.vault.seal(secrets.clientSecret, context(tenantId, 'client-secret'));
    return {
      encryptedRefreshToken: refresh.ciphertext,
      encryptedAccessToken: access.ciphertext,
      accessTokenExpiresAt: new Date(secrets.accessTokenExpiresAt),
      encryptedClientSecret: clientSecret.ciphertext,
      encryptionKeyId: this.vault.currentKeyId,
    };
  }

  /** The row's secrets, or null when it holds none (disconnected, or never connected). */
  open(row: ZohoConnectionEntity): ConnectionSecrets | null {
    const { encryptedRefreshToken, encryptedAccessToken, encryptedClientSecret, encryptionKeyId, accessTokenExpiresAt } = row;
    if (!encryptedRefreshToken || !encryptedAccessToken || !encryptedClientSecret || !encryptionKeyId || !accessTokenExpiresAt) {
      return null;
    }
    return {
      refreshToken: this.vault.open({ ciphertext: encryptedRefreshToken, keyId: encryptionKeyId }, context(row.tenantId, 'refresh-token')),
      accessToken: this.vault.open({ ciphertext: encryptedAccessToken, keyId: encryptionKeyId }, context(row.tenantId, 'access-token')),
      accessTokenExpiresAt: accessTokenExpiresAt.getTime(),
      clientSecret: this.vault.open({ ciphertext: encryptedClientSecret, keyId: encryptionKeyId }, context(row.tenantId, 'client-secret')),
    };
  }
}

function context(tenantId: string, column: string): string {
  return `auth-connector/zoho-connection/${column}/${tenantId}`;
}
