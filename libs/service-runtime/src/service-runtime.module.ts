import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ServiceMetrics, StructuredLogger } from '@crm-bridge/observability';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { READINESS_CHECKS, SERVICE_CONFIG, SERVICE_NAME, type ReadinessCheck } from './service-runtime.tokens';

export interface ServiceRuntimeModuleOptions {
  readonly serviceName: string;
  readonly config: unknown;
  readonly dataSource: DataSource;
  readonly logger: StructuredLogger;
  readonly metrics: ServiceMetrics;
  readonly readinessChecks: ReadinessCheck[];
}

/**
 * Provides what every service's feature modules may inject: its name, its validated config, its
 * TypeORM data source, the logger and metrics, the readiness checks (features add theirs), and
 * serves `/health/*` and `/metrics`.
 */
@Global()
@Module({})
export class ServiceRuntimeModule {
  static forRoot(options: ServiceRuntimeModuleOptions): DynamicModule {
    return {
      module: ServiceRuntimeModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_NAME, useValue: options.serviceName },
        { provide: SERVICE_CONFIG, useValue: options.config },
        { provide: DataSource, useValue: options.dataSource },
        { provide: StructuredLogger, useValue: options.logger },
        { provide: ServiceMetrics, useValue: options.metrics },
        { provide: READINESS_CHECKS, useValue: options.readinessChecks },
      ],
      exports: [SERVICE_NAME, SERVICE_CONFIG, DataSource, StructuredLogger, ServiceMetrics, READINESS_CHECKS],
    };
  }
}
