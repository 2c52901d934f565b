import { Injectable } from '@nestjs/common';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@crm-bridge/subgraph';
import { PortalRecordQueries } from '../portal-record/portal-record.resolver';
import { portalRecordLoader } from '../portal-record/portal-record.loader';
import type { PortalRecordNode } from '../portal-record/portal-record.type';
import { Account } from '../account/account.type';
import { accountKind } from '../account/account.kind';
import type { AccountEntity } from '../account/account.entity';
import type { ContactEntity } from './contact.entity';
import { Contact } from './contact.type';
import { contactKind } from './contact.kind';

/** `contacts(first, after, integrationId)`, `contact(id)` and each contact's `account`. */
@Injectable()
@Resolver(() => Contact)
export class ContactResolver extends PortalRecordQueries(contactKind) {
  /** Through the request's account loader: a page of contacts costs one accounts query. */
  @FieldResolver(() => Account, { nullable: true, description: 'The account the contact works for' })
  async account(
    @Root() contact: PortalRecordNode<ContactEntity>,
    @Ctx() context: SubgraphContext,
  ): Promise<PortalRecordNode<AccountEntity> | null> {
    if (contact.accountId === null) {
      return null;
    }
    return portalRecordLoader(context, this.records, accountKind).load(contact.accountId);
  }
}
