import { Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ServiceTokenError, verifyServiceToken } from '@crm-bridge/caller-context';
import { StructuredLogger } from '@crm-bridge/observability';
import { SERVICE_CONFIG, SERVICE_NAME, type SubgraphServiceConfig } from '@crm-bridge/service-runtime';
import { describeErrorKind } from '@crm-bridge/subgraph';
import { ApiKeyException } from './api-key.exception';
import { ApiKeyService } from './api-key.service';

interface VerifyApiKeyRequest {
  key?: unknown;
}

/**
 * `POST /internal/api-keys/verify`: the gateway's question "whose key is this?", asked on every
 * request that presents one, never exposed by the Ingress. The caller proves it is one of our
 * services with a service token (`Authorization: Bearer`, audience `auth-connector`) for
 * `ANY_TENANT`, since the key is what names the tenant. Body `{ "key": "crmb_…" }`; answers
 * `{ keyId, tenantId, rights }`, or `{ code, message }` with 401 (`API_KEY_INVALID`,
 * `API_KEY_REVOKED`, `SERVICE_TOKEN_*`). Nothing is cached on either side, so a revocation
 * holds from the next request on.
 */
@Controller('internal/api-keys')
export class ApiKeyVerificationController {
  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly logger: StructuredLogger,
    @Inject(SERVICE_CONFIG) private readonly config: SubgraphServiceConfig,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
  ) {}

  @Post('verify')
  @HttpCode(200)
  async verify(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: VerifyApiKeyRequest | undefined,
    @Res() response: Response,
  ): Promise<void> {
    response.set('cache-control', 'no-store');
    try {
      const bearer = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
      await verifyServiceToken(bearer, this.config.INTERNAL_SIGNING_SECRET, { audience: this.serviceName, anyTenant: true });
      const verified = await this.apiKeys.verify(typeof body?.key === 'string' ? body.key : '');
      response.status(200).json(verified);
    } catch (error) {
      if (error instanceof ServiceTokenError) {
        this.logger.warn('refused a service token', { code: error.code, endpoint: 'api-key verification' });
        response.status(401).json({ code: error.code, message: error.message });
        return;
      }
      if (error instanceof ApiKeyException) {
        this.logger.info('refused an API key', { code: error.code });
        response.status(describeErrorKind(error.kind).httpStatus).json({ code: error.code, message: error.message });
        return;
      }
      throw error;
    }
  }
}
