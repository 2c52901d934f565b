// Keys equal values because type-graphql names GraphQL enum values after the keys.

/** Portal record kinds an integration syncs; each pairs with a Zoho CRM module. */
export enum PortalModule {
  DEALS = 'DEALS',
  CONTACTS = 'CONTACTS',
  LEADS = 'LEADS',
  ACCOUNTS = 'ACCOUNTS',
}

/** The Zoho module portal contacts sync with: orgs that qualify people first keep them as Leads. */
export enum ContactTargetModule {
  LEADS = 'LEADS',
  CONTACTS = 'CONTACTS',
}

/** Which value survives when a field changed on both sides since the last sync (ARCHITECTURE §6). */
export enum ConflictPolicy {
  ZOHO_WINS = 'ZOHO_WINS',
  PORTAL_WINS = 'PORTAL_WINS',
  LATEST_CHANGE_WINS = 'LATEST_CHANGE_WINS',
  MANUAL_REVIEW = 'MANUAL_REVIEW',
}
