import 'reflect-metadata';
import { runServiceProcess, startSubgraphService } from '@crm-bridge/service-runtime';
import { conflictResolverService } from './conflict-resolver.service-definition';

runServiceProcess(() => startSubgraphService(conflictResolverService, process.env));
