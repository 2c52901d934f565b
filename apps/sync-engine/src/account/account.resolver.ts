import { Injectable } from '@nestjs/common';
import { Resolver } from 'type-graphql';
import { PortalRecordQueries } from '../portal-record/portal-record.resolver';
import { Account } from './account.type';
import { accountKind } from './account.kind';

/** `accounts(first, after, integrationId)` and `account(id)`. */
@Injectable()
@Resolver(() => Account)
export class AccountResolver extends PortalRecordQueries(accountKind) {}
