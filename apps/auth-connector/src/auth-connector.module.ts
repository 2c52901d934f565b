import { Module } from '@nestjs/common';
import { ZohoConnectionModule } from './zoho-connection/zoho-connection.module';

/** auth-connector's features: Zoho connections and their tokens (ARCHITECTURE §2, §5). */
@Module({ imports: [ZohoConnectionModule] })
export class AuthConnectorModule {}
