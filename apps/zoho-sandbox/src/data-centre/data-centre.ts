/**
 * Zoho's data centres (reference §1.3). Each has its own accounts server and API domain; a token
 * is valid only in the DC that issued it. The sandbox serves every DC from one port under
 * `/dc/{location}`: accounts server `{origin}/dc/{location}/accounts`, API domain
 * `{origin}/dc/{location}` (so CRM calls are `{api_domain}/crm/v8/...` exactly as on Zoho).
 */
export const DATA_CENTRE_LOCATIONS = ['us', 'eu', 'in', 'au', 'jp', 'cn', 'ca', 'sa'] as const;

export type DataCentreLocation = (typeof DATA_CENTRE_LOCATIONS)[number];

/** The real hosts, reported by the admin API so a reader can see which DC a path stands for. */
export const REAL_DATA_CENTRE_HOSTS: Record<DataCentreLocation, { accounts: string; apiDomain: string }> = {
  us: { accounts: 'https://accounts.zoho.com', apiDomain: 'https://www.zohoapis.com' },
  eu: { accounts: 'https://accounts.zoho.eu', apiDomain: 'https://www.zohoapis.eu' },
  in: { accounts: 'https://accounts.zoho.in', apiDomain: 'https://www.zohoapis.in' },
  au: { accounts: 'https://accounts.zoho.com.au', apiDomain: 'https://www.zohoapis.com.au' },
  jp: { accounts: 'https://accounts.zoho.jp', apiDomain: 'https://www.zohoapis.jp' },
  cn: { accounts: 'https://accounts.zoho.com.cn', apiDomain: 'https://www.zohoapis.com.cn' },
  ca: { accounts: 'https://accounts.zohocloud.ca', apiDomain: 'https://www.zohoapis.ca' },
  sa: { accounts: 'https://accounts.zoho.sa', apiDomain: 'https://www.zohoapis.sa' },
};

export function isDataCentreLocation(value: string): value is DataCentreLocation {
  return (DATA_CENTRE_LOCATIONS as readonly string[]).includes(value);
}

/** The sandbox URLs of one DC, given the origin the sandbox listens on (`http://127.0.0.1:4010`). */
export function dataCentreUrls(origin: string, location: DataCentreLocation): { accountsServer: string; apiDomain: string } {
  return { accountsServer: `${origin}/dc/${location}/accounts`, apiDomain: `${origin}/dc/${location}` };
}
