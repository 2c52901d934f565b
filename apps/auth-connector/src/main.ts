import 'reflect-metadata';
import { runServiceProcess, startSubgraphService } from '@crm-bridge/service-runtime';
import { authConnectorService } from './auth-connector.service-definition';

runServiceProcess(() => startSubgraphService(authConnectorService, process.env));
