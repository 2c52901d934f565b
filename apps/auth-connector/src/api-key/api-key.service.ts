import { Injectable } from '@nestjs/common';
import type { CallerContext } from '@crm-bridge/caller-context';
import { API_KEY_RIGHTS, type ApiKeyRight } from '@crm-bridge/contracts';
import { isUuid } from '@crm-bridge/persistence';
import { CallerRoles, ErrorKind, parsePageArguments, requireCallerRole, toConnection, type Connection } from '@crm-bridge/subgraph';
import { apiKeySecretMatches, formatApiKey, hashApiKeySecret, newApiKeySecret, parseApiKey } from './api-key-secret';
import type { ApiKeyEntity } from './api-key.entity';
import { ApiKeyException, ApiKeyExceptionCode } from './api-key.exception';
import { ApiKeyRepository } from './api-key.repository';
import type { ApiKey, CreatedApiKey } from './api-key.type';
import type { CreateApiKeyInput } from './dto/create-api-key.input';

const MAX_NAME_LENGTH = 100;

/**
 * `last_used_at` is written at most this often per key: enough to tell an unused key from a
 * live one, without a database write per partner request.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Who a verified key lets in: its tenant, its id and what it may do. */
export interface VerifiedApiKey {
  readonly keyId: string;
  readonly tenantId: string;
  readonly rights: readonly ApiKeyRight[];
}

/**
 * Partner API keys: tenant admins create (the key is returned this once), list and revoke them;
 * the gateway verifies presented keys through the internal endpoint on every request.
 */
@Injectable()
export class ApiKeyService {
  constructor(private readonly keys: ApiKeyRepository) {}

  async create(caller: CallerContext, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    requireCallerRole(caller, CallerRoles.admin, 'create an API key');
    const name = input.name.trim();
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
      throw new ApiKeyException(
        ApiKeyExceptionCode.NameInvalid,
        ErrorKind.BadUserInput,
        `name must be 1 to ${MAX_NAME_LENGTH} characters (not counting surrounding spaces)`,
        'input.name',
      );
    }
    const rights = API_KEY_RIGHTS.filter((right) => input.rights.includes(right));
    if (rights.length === 0) {
      throw new ApiKeyException(
        ApiKeyExceptionCode.RightsInvalid,
        ErrorKind.BadUserInput,
        `rights must name at least one of ${API_KEY_RIGHTS.join(', ')}`,
        'input.rights',
      );
    }
    const secret = newApiKeySecret();
    const stored = await this.keys.create(caller.tenantId, {
      name,
      rights,
      secretHash: hashApiKeySecret(secret),
      createdBy: caller.userId,
    });
    return { apiKey: toApiKey(stored), key: formatApiKey(stored.id, secret) };
  }

  /** Revokes the tenant's key: refused by the gateway from the next request on, its open subscriptions ended (`api-key.revoked`). */
  async revoke(caller: CallerContext, keyId: string, correlationId: string): Promise<ApiKey> {
    requireCallerRole(caller, CallerRoles.admin, 'revoke an API key');
    if (!isUuid(keyId)) {
      throw new ApiKeyException(
        ApiKeyExceptionCode.InvalidApiKeyId,
        ErrorKind.BadUserInput,
        `id must be an API key id, got "${keyId}"`,
        'id',
      );
    }
    const revoked = await this.keys.revoke(caller.tenantId, keyId, { revokedBy: caller.userId, at: new Date(), correlationId });
    if (!revoked) {
      throw new ApiKeyException(ApiKeyExceptionCode.ApiKeyNotFound, ErrorKind.NotFound, `API key ${keyId} does not exist`, 'id');
    }
    return toApiKey(revoked);
  }

  async list(caller: CallerContext, args: { first: number; after?: string | null }): Promise<Connection<ApiKey>> {
    requireCallerRole(caller, CallerRoles.admin, 'list API keys');
    const page = parsePageArguments(args.first, args.after);
    const rows = await this.keys.page(caller.tenantId, page);
    return toConnection(rows.map(toApiKey), page.limit);
  }

  /**
   * The tenant, id and rights of a presented key. Refuses with `API_KEY_INVALID` a key not
   * shaped like ours, an unknown id or a wrong secret (alike, so a guess learns nothing), and
   * with `API_KEY_REVOKED` a revoked one whose secret matches. Records the use at most once a
   * minute ({@link LAST_USED_RESOLUTION_MS}).
   */
  async verify(presented: string): Promise<VerifiedApiKey> {
    const parsed = parseApiKey(presented);
    const key = parsed ? await this.keys.findForVerification(parsed.keyId) : null;
    if (!parsed || !key || !apiKeySecretMatches(parsed.secret, key.secretHash)) {
      throw new ApiKeyException(ApiKeyExceptionCode.ApiKeyInvalid, ErrorKind.Unauthenticated, 'the API key is not valid');
    }
    if (key.revokedAt !== null) {
      throw new ApiKeyException(ApiKeyExceptionCode.ApiKeyRevoked, ErrorKind.Unauthenticated, 'the API key has been revoked');
    }
    const now = new Date();
    const unlessUsedSince = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    if (key.lastUsedAt === null || key.lastUsedAt < unlessUsedSince) {
      await this.keys.recordUse(key.id, now, unlessUsedSince);
    }
    return { keyId: key.id, tenantId: key.tenantId, rights: key.rights };
  }
}

function toApiKey(row: ApiKeyEntity): ApiKey {
  return {
    id: row.id,
    name: row.name,
    rights: row.rights,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy,
  };
}
