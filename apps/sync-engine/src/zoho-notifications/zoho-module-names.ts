import type { RecordModule } from '@crm-bridge/contracts';

/** The Zoho module each portal record kind syncs with, spelled as Zoho's API names it (events, notification payloads). */
export const ZOHO_MODULE_NAMES: Readonly<Record<RecordModule, string>> = {
  DEALS: 'Deals',
  CONTACTS: 'Contacts',
  LEADS: 'Leads',
  ACCOUNTS: 'Accounts',
};

/** The portal record kind of a Zoho module name; undefined for a module we do not sync. */
export function recordModuleOfZohoModule(zohoModule: string): RecordModule | undefined {
  return (Object.keys(ZOHO_MODULE_NAMES) as RecordModule[]).find((module) => ZOHO_MODULE_NAMES[module] === zohoModule);
}
