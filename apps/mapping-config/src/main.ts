import 'reflect-metadata';
import { runServiceProcess, startSubgraphService } from '@crm-bridge/service-runtime';
import { mappingConfigService } from './mapping-config.service-definition';

runServiceProcess(() => startSubgraphService(mappingConfigService, process.env));
