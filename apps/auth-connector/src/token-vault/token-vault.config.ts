import { tokenEncryptionKeyIdVariable, tokenEncryptionKeysVariable } from '@crm-bridge/service-runtime';

/**
 * The variables of auth-connector's token vault (`TokenVault` of `@crm-bridge/service-runtime`), declared in the
 * service definition's `config`.
 *
 * @example
 *   TOKEN_ENCRYPTION_KEYS=2026-01:q8Jm…=,2026-06:Yw3b…=
 *   TOKEN_ENCRYPTION_KEY_ID=2026-06
 */
export const tokenVaultConfig = {
  TOKEN_ENCRYPTION_KEYS: tokenEncryptionKeysVariable,
  TOKEN_ENCRYPTION_KEY_ID: tokenEncryptionKeyIdVariable,
};
