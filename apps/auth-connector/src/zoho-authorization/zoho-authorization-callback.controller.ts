import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SERVICE_CONFIG } from '@crm-bridge/service-runtime';
import { StructuredLogger } from '@crm-bridge/observability';
import type { ZohoAccountsConfig } from '../zoho-accounts/zoho-accounts.config';
import { ZohoAuthorizationException } from './zoho-authorization.exception';
import { ZohoAuthorizationService, type ZohoCallbackOutcome } from './zoho-authorization.service';

/**
 * `GET /oauth/zoho/callback`, where Zoho sends the user's browser after consent (the only route of
 * this service the Ingress exposes). A callback that cannot be trusted gets an error page and
 * nothing else; any other outcome sends the user to `PORTAL_RETURN_URL` with
 * `status=connected&connectionId=…` or `status=error&code=…&message=…` (or shows a page when no
 * portal URL is configured).
 */
@Controller('oauth/zoho')
export class ZohoAuthorizationCallbackController {
  constructor(
    private readonly authorization: ZohoAuthorizationService,
    private readonly logger: StructuredLogger,
    @Inject(SERVICE_CONFIG) private readonly config: ZohoAccountsConfig,
  ) {}

  @Get('callback')
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    // Only the query matters; the origin is a placeholder for URL parsing.
    const callbackUrl = new URL(request.originalUrl, 'http://callback.invalid');
    let outcome: ZohoCallbackOutcome;
    try {
      outcome = await this.authorization.completeCallback(callbackUrl);
    } catch (error) {
      if (error instanceof ZohoAuthorizationException) {
        this.logger.warn('refused a Zoho OAuth callback', { code: error.code });
        sendPage(response, 400, 'Zoho connection not completed', error.message, error.code);
        return;
      }
      throw error;
    }
    this.logger.info('Zoho OAuth callback completed', {
      status: outcome.status,
      ...(outcome.status === 'connected' ? { connectionId: outcome.connection.id } : { code: outcome.code }),
    });
    const portal = this.config.PORTAL_RETURN_URL;
    if (portal) {
      const target = new URL(portal);
      target.searchParams.set('status', outcome.status);
      if (outcome.status === 'connected') {
        target.searchParams.set('connectionId', outcome.connection.id);
      } else {
        target.searchParams.set('code', outcome.code);
        target.searchParams.set('message', outcome.message);
      }
      response.redirect(303, target.toString());
      return;
    }
    if (outcome.status === 'connected') {
      sendPage(
        response,
        200,
        'Zoho connected',
        `Connected to the Zoho org ${outcome.connection.zohoOrgName ?? outcome.connection.zohoOrgId ?? ''}. You can close this window.`,
      );
    } else {
      sendPage(response, 400, 'Zoho connection not completed', outcome.message, outcome.code);
    }
  }
}

function sendPage(response: Response, status: number, title: string, message: string, code?: string): void {
  response
    .status(status)
    .set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' })
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
        `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${code ? `<p><code>${escapeHtml(code)}</code></p>` : ''}</body></html>`,
    );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
