import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { StructuredLogger } from '@crm-bridge/observability';
import { CORRELATION_ID_HEADER, describeErrorKind } from '@crm-bridge/subgraph';
import { ZohoNotificationException } from './zoho-notification.exception';
import { ZohoNotificationService } from './zoho-notification.service';

/**
 * `POST /zoho/notifications`: where Zoho POSTs the notifications of the channels sync-engine
 * enabled (`ZOHO_NOTIFY_URL`; the only route of this service the Ingress exposes). 200 once the
 * notification is verified and published; 400 `{ code, field, message }` for a body that is no
 * notification; 403 for an unknown channel or a wrong token. Zoho does not retry, so the answer
 * is quick: the records are queued by the event's consumer, not here.
 */
@Controller('zoho')
export class ZohoNotificationController {
  constructor(
    private readonly notifications: ZohoNotificationService,
    private readonly logger: StructuredLogger,
  ) {}

  @Post('notifications')
  @HttpCode(200)
  async receive(
    @Body() body: unknown,
    @Headers(CORRELATION_ID_HEADER) correlationHeader: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const correlationId = correlationHeader ?? randomUUID();
    response.set('cache-control', 'no-store');
    try {
      const accepted = await this.notifications.receive(body, correlationId);
      this.logger.info('accepted a Zoho notification', { ...accepted, correlationId });
      response.status(200).json({ status: 'accepted' });
    } catch (error) {
      if (error instanceof ZohoNotificationException) {
        response
          .status(describeErrorKind(error.kind).httpStatus)
          .json({ code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) });
        return;
      }
      throw error;
    }
  }
}
