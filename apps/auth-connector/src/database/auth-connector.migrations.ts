import { CreateZohoConnections1795332811943 } from './migrations/1795332811943-CreateZohoConnections';
import { AddEventOutboxAndProcessedEvents1796565073411 } from './migrations/1796565073411-AddEventOutboxAndProcessedEvents';
import { ConnectZohoOrgs1796566386666 } from './migrations/1796566386666-ConnectZohoOrgs';
import { AddZohoAuthorizationStates1796567088567 } from './migrations/1796567088567-AddZohoAuthorizationStates';
import { ConnectionSettings1796568119228 } from './migrations/1796568119228-ConnectionSettings';
import { ZohoOrgUserLicences1796584761593 } from './migrations/1796584761593-ZohoOrgUserLicences';
import { AddApiKeys1796585710664 } from './migrations/1796585710664-AddApiKeys';

/** auth-connector's generated migrations, in the order they apply (`npm run migration:generate -- auth-connector <Name>`). */
export const authConnectorMigrations = [
  CreateZohoConnections1795332811943,
  AddEventOutboxAndProcessedEvents1796565073411,
  ConnectZohoOrgs1796566386666,
  AddZohoAuthorizationStates1796567088567,
  ConnectionSettings1796568119228,
  ZohoOrgUserLicences1796584761593,
  AddApiKeys1796585710664,
];
