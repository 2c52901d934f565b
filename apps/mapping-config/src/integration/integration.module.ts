import { Module } from '@nestjs/common';
import { IntegrationRepository } from './integration.repository';
import { IntegrationResolver } from './integration.resolver';
import { IntegrationService } from './integration.service';

@Module({ providers: [IntegrationRepository, IntegrationService, IntegrationResolver], exports: [IntegrationService] })
export class IntegrationModule {}
