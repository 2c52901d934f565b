import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigValidationError } from '@crm-bridge/config';
import { SERVICE_CONFIG, SERVICE_NAME } from './service-runtime.tokens';
import type { TokenVaultConfig } from './token-vault.config';

const ALGORITHM = 'aes-256-gcm';
/** GCM's standard nonce length; random per encryption, so a key may seal 2^32 values safely. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A value sealed by the vault: `iv ‖ tag ‖ ciphertext`, and the id of the key that sealed it. */
export interface SealedValue {
  readonly ciphertext: Buffer;
  readonly keyId: string;
}

/**
 * AES-256-GCM encryption of secrets at rest (ARCHITECTURE §5): auth-connector's Zoho tokens and
 * client secrets, sync-engine's webhook signing secrets. New values
 * are sealed with the current key (`TOKEN_ENCRYPTION_KEY_ID`); values sealed with any other
 * configured key still open, so keys rotate without downtime and `npm run tokens:reencrypt`
 * (auth-connector) moves old rows to the current key. The `context` (what the value is and whose it is) is bound
 * as additional authenticated data: ciphertext copied to another tenant's row or column fails
 * to open instead of being used there.
 */
@Injectable()
export class TokenVault {
  private readonly keys: ReadonlyMap<string, Buffer>;
  readonly currentKeyId: string;

  constructor(@Inject(SERVICE_CONFIG) config: TokenVaultConfig, @Inject(SERVICE_NAME) serviceName: string) {
    if (!config.TOKEN_ENCRYPTION_KEYS.has(config.TOKEN_ENCRYPTION_KEY_ID)) {
      // Checked here rather than by zod: the rule spans two variables. Same error, same exit code.
      throw new ConfigValidationError(serviceName, [
        {
          variable: 'TOKEN_ENCRYPTION_KEY_ID',
          reason: `must be one of the key ids in TOKEN_ENCRYPTION_KEYS (${[...config.TOKEN_ENCRYPTION_KEYS.keys()].join(', ')})`,
        },
      ]);
    }
    this.keys = config.TOKEN_ENCRYPTION_KEYS;
    this.currentKeyId = config.TOKEN_ENCRYPTION_KEY_ID;
  }

  /** Encrypts `plaintext` with the current key, bound to `context` (e.g. `tenant-1/connection-7/refresh-token`). */
  seal(plaintext: string, context: string): SealedValue {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key(this.currentKeyId), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]), keyId: this.currentKeyId };
  }

  /** Decrypts a value sealed under `keyId` with the same `context`; throws if either differs or the bytes were altered. */
  open(sealed: SealedValue, context: string): string {
    const iv = sealed.ciphertext.subarray(0, IV_BYTES);
    const tag = sealed.ciphertext.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv(ALGORITHM, this.key(sealed.keyId), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.ciphertext.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  private key(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) {
      throw new Error(`token encryption key "${keyId}" is not in TOKEN_ENCRYPTION_KEYS; add it back until tokens:reencrypt has run`);
    }
    return key;
  }
}
