import { Body, Controller, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ServiceTokenError, verifyServiceToken } from '@crm-bridge/caller-context';
import { StructuredLogger } from '@crm-bridge/observability';
import { isUuid } from '@crm-bridge/persistence';
import { SERVICE_CONFIG, SERVICE_NAME, type SubgraphServiceConfig } from '@crm-bridge/service-runtime';
import { CodedError, describeErrorKind } from '@crm-bridge/subgraph';
import { ConnectionAccessTokens } from '../zoho-connection/connection-access-tokens';

/** The optional body: the token Zoho just refused, so a still-stored copy of it is refreshed. */
interface AccessTokenRequest {
  rejectedAccessToken?: unknown;
}

/**
 * `POST /internal/connections/:id/access-token`: other services' way to a short-lived Zoho access
 * token (ARCHITECTURE §5), never exposed by the Ingress. The caller proves who it is and for
 * which tenant with a service token (`Authorization: Bearer`, `signServiceToken` with audience
 * `auth-connector`); a connection of any other tenant is as unknown as one that does not exist.
 * Answers `{ accessToken, apiDomain, expiresAt }` (ISO time), or `{ code, message }` with 401,
 * 404, 409 (needs a new consent) or 503.
 */
@Controller('internal/connections')
export class InternalAccessTokenController {
  constructor(
    private readonly tokens: ConnectionAccessTokens,
    private readonly logger: StructuredLogger,
    @Inject(SERVICE_CONFIG) private readonly config: SubgraphServiceConfig,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
  ) {}

  @Post(':id/access-token')
  async accessToken(
    @Param('id') id: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: AccessTokenRequest | undefined,
    @Res() response: Response,
  ): Promise<void> {
    response.set('cache-control', 'no-store');
    try {
      const bearer = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
      const caller = await verifyServiceToken(bearer, this.config.INTERNAL_SIGNING_SECRET, { audience: this.serviceName });
      if (!isUuid(id)) {
        response.status(404).json({ code: 'CONNECTION_NOT_FOUND', message: `connection ${id} does not exist` });
        return;
      }
      const rejected = typeof body?.rejectedAccessToken === 'string' ? body.rejectedAccessToken : undefined;
      const token = await this.tokens.accessToken(caller.tenantId, id, rejected === undefined ? {} : { rejected });
      this.logger.debug('handed out a Zoho access token', { service: caller.service, tenantId: caller.tenantId, connectionId: id });
      response
        .status(200)
        .json({ accessToken: token.accessToken, apiDomain: token.apiDomain, expiresAt: new Date(token.expiresAt).toISOString() });
    } catch (error) {
      if (error instanceof ServiceTokenError) {
        this.logger.warn('refused a service token', { code: error.code, connectionId: id });
        response.status(401).json({ code: error.code, message: error.message });
        return;
      }
      if (error instanceof CodedError) {
        response.status(describeErrorKind(error.kind).httpStatus).json({ code: String(error.code), message: error.message });
        return;
      }
      throw error;
    }
  }
}
