import type { MiddlewareConsumer, NestModule } from '@nestjs/common';
import { json } from 'express';
import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { ApiKeyVerificationController } from './api-key-verification.controller';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyResolver } from './api-key.resolver';
import { ApiKeyService } from './api-key.service';

/** Partner API keys: `createApiKey`, `revokeApiKey`, `apiKeys`, and `POST /internal/api-keys/verify` for the gateway. */
@SubgraphFeature({
  controllers: [ApiKeyVerificationController],
  providers: [ApiKeyRepository, ApiKeyService],
  resolvers: [ApiKeyResolver],
  entities: [ApiKeyEntity],
})
export class ApiKeyModule implements NestModule {
  // The service app parses no request bodies (the subgraph parses its own); this route's is tiny.
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(json({ limit: '1kb' })).forRoutes(ApiKeyVerificationController);
  }
}
