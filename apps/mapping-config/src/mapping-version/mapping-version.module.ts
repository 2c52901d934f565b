import { Module } from '@nestjs/common';
import { IntegrationModule } from '../integration/integration.module';
import { IntegrationVersionsResolver } from './integration-versions.resolver';
import { MappingVersionRepository } from './mapping-version.repository';
import { MappingVersionResolver } from './mapping-version.resolver';
import { MappingVersionService } from './mapping-version.service';

@Module({
  imports: [IntegrationModule],
  providers: [MappingVersionRepository, MappingVersionService, MappingVersionResolver, IntegrationVersionsResolver],
  exports: [MappingVersionService],
})
export class MappingVersionModule {}
