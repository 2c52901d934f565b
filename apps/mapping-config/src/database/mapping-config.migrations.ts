import { CreateIntegrationsAndMappingVersions1795332816133 } from './migrations/1795332816133-CreateIntegrationsAndMappingVersions';
import { AddEventOutboxAndProcessedEvents1796565083404 } from './migrations/1796565083404-AddEventOutboxAndProcessedEvents';
import { IntegrationSettingsPortalDealSchemaAndZohoConnections1796566565542 } from './migrations/1796566565542-IntegrationSettingsPortalDealSchemaAndZohoConnections';
import { IntegrationRegistrationCollisions1796594654010 } from './migrations/1796594654010-IntegrationRegistrationCollisions';

/** mapping-config's generated migrations, in the order they apply (`npm run migration:generate -- mapping-config <Name>`). */
export const mappingConfigMigrations = [
  CreateIntegrationsAndMappingVersions1795332816133,
  AddEventOutboxAndProcessedEvents1796565083404,
  IntegrationSettingsPortalDealSchemaAndZohoConnections1796566565542,
  IntegrationRegistrationCollisions1796594654010,
];
