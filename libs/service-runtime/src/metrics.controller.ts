import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ServiceMetrics } from '@crm-bridge/observability';

/** Prometheus exposition of the service's registry. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get()
  async scrape(@Res() response: Response): Promise<void> {
    const { contentType, body } = await this.metrics.render();
    response.setHeader('content-type', contentType);
    response.send(body);
  }
}
