import 'reflect-metadata';
import { runServiceProcess, startSubgraphService } from '@crm-bridge/service-runtime';
import { syncEngineService } from './sync-engine.service-definition';

runServiceProcess(() => startSubgraphService(syncEngineService, process.env));
