import type { MiddlewareConsumer, NestModule } from '@nestjs/common';
import { json } from 'express';
import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { ZohoConnectionModule } from '../zoho-connection/zoho-connection.module';
import { InternalAccessTokenController } from './internal-access-token.controller';

/** Service-to-service access tokens: `POST /internal/connections/:id/access-token`. */
@SubgraphFeature({
  imports: [ZohoConnectionModule],
  controllers: [InternalAccessTokenController],
})
export class InternalAccessTokenModule implements NestModule {
  // The service app parses no request bodies (the subgraph parses its own); this route's is tiny.
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(json({ limit: '4kb' })).forRoutes(InternalAccessTokenController);
  }
}
