import { z } from '@crm-bridge/config';

/** AES-256 needs exactly 32 bytes of key. */
const KEY_BYTES = 32;

/**
 * `TOKEN_ENCRYPTION_KEYS=keyId:base64key,keyId:base64key`: every key that may still have
 * encrypted a stored token, so rows written before a rotation stay readable.
 *
 * @example
 *   TOKEN_ENCRYPTION_KEYS=2026-01:q8Jm…=,2026-06:Yw3b…=
 */
export const tokenEncryptionKeysVariable = z
  .string({ required_error: 'is required: keyId:base64key,… (32-byte AES-256 keys, e.g. `openssl rand -base64 32`)' })
  .transform((value, context) => {
    const keys = new Map<string, Buffer>();
    for (const entry of value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const separator = entry.indexOf(':');
      const keyId = separator > 0 ? entry.slice(0, separator) : '';
      const encoded = entry.slice(separator + 1);
      // Never echo the key material in the message: it ends up in logs and CI output.
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(keyId)) {
        context.addIssue({
          code: 'custom',
          message: 'each entry must be keyId:base64key, the key id made of letters, digits, ".", "_" or "-"',
        });
        return z.NEVER;
      }
      const key = Buffer.from(encoded, 'base64');
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || key.length !== KEY_BYTES) {
        context.addIssue({ code: 'custom', message: `key "${keyId}" must be ${KEY_BYTES} bytes, base64-encoded` });
        return z.NEVER;
      }
      if (keys.has(keyId)) {
        context.addIssue({ code: 'custom', message: `key id "${keyId}" is listed twice` });
        return z.NEVER;
      }
      keys.set(keyId, key);
    }
    if (keys.size === 0) {
      context.addIssue({ code: 'custom', message: 'must list at least one keyId:base64key' });
      return z.NEVER;
    }
    return keys;
  });

/** `TOKEN_ENCRYPTION_KEY_ID`: the key new writes use; must be one of `TOKEN_ENCRYPTION_KEYS` (checked by {@link TokenVault}). */
export const tokenEncryptionKeyIdVariable = z.string({
  required_error: 'is required: the id of the TOKEN_ENCRYPTION_KEYS entry new writes use',
});

/**
 * The variables of a service's token vault; a service lists them in one of its own `*.config.ts`
 * files as `{ TOKEN_ENCRYPTION_KEYS: tokenEncryptionKeysVariable, TOKEN_ENCRYPTION_KEY_ID: tokenEncryptionKeyIdVariable }`
 * (the deploy checks read variable names from there).
 */
export interface TokenVaultConfig {
  TOKEN_ENCRYPTION_KEYS: ReadonlyMap<string, Buffer>;
  TOKEN_ENCRYPTION_KEY_ID: string;
}
