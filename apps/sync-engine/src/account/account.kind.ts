import { definePortalRecordKind } from '../portal-record/portal-record.kind';
import { AccountEntity } from './account.entity';
import { Account, AccountConnection } from './account.type';

export const accountKind = definePortalRecordKind({
  entity: AccountEntity,
  type: Account,
  connection: AccountConnection,
  listQuery: 'accounts',
  byIdQuery: 'account',
});
