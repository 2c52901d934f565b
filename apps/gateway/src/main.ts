import { runServiceProcess } from '@crm-bridge/service-runtime';
import { startGateway } from './gateway-server';

runServiceProcess(() => startGateway(process.env));
