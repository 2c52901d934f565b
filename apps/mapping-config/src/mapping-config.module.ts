import { Module } from '@nestjs/common';
import { IntegrationModule } from './integration/integration.module';
import { MappingVersionModule } from './mapping-version/mapping-version.module';

/** mapping-config's features: integration settings and their immutable mapping versions (ARCHITECTURE §2). */
@Module({ imports: [IntegrationModule, MappingVersionModule] })
export class MappingConfigModule {}
