import { ZOHO_DATA_CENTRES, zohoLocationOf, type ZohoDataCentre } from '@crm-bridge/contracts';
import { ZohoArgumentError } from '../errors/zoho-errors';

// Zoho's data centres for CRM (reference §1.3) are the shared vocabulary's `ZOHO_DATA_CENTRES`. UK is
// absent: no CRM API domain is documented for it.

export interface ZohoDataCentreHosts {
  /** Zoho Accounts: authorization, token, revoke. */
  accountsServer: string;
  /** Where `/crm/v8/...` lives. */
  apiDomain: string;
  /** Where bulk-write files are uploaded (`{uploadBase}/crm/v8/upload`). */
  uploadBase: string;
}

/** The hosts of every DC, from Zoho's SDK and multi-DC pages. */
export const ZOHO_DATA_CENTRE_HOSTS: Record<ZohoDataCentre, ZohoDataCentreHosts> = {
  US: { accountsServer: 'https://accounts.zoho.com', apiDomain: 'https://www.zohoapis.com', uploadBase: 'https://content.zohoapis.com' },
  EU: { accountsServer: 'https://accounts.zoho.eu', apiDomain: 'https://www.zohoapis.eu', uploadBase: 'https://content.zohoapis.eu' },
  IN: { accountsServer: 'https://accounts.zoho.in', apiDomain: 'https://www.zohoapis.in', uploadBase: 'https://content.zohoapis.in' },
  AU: {
    accountsServer: 'https://accounts.zoho.com.au',
    apiDomain: 'https://www.zohoapis.com.au',
    uploadBase: 'https://content.zohoapis.com.au',
  },
  JP: { accountsServer: 'https://accounts.zoho.jp', apiDomain: 'https://www.zohoapis.jp', uploadBase: 'https://content.zohoapis.jp' },
  CN: {
    accountsServer: 'https://accounts.zoho.com.cn',
    apiDomain: 'https://www.zohoapis.com.cn',
    uploadBase: 'https://content.zohoapis.com.cn',
  },
  CA: { accountsServer: 'https://accounts.zohocloud.ca', apiDomain: 'https://www.zohoapis.ca', uploadBase: 'https://upload.zohocloud.ca' },
  SA: { accountsServer: 'https://accounts.zoho.sa', apiDomain: 'https://www.zohoapis.sa', uploadBase: 'https://files.zoho.sa' },
};

/**
 * Resolves DC hosts. The configured table is only a first guess: the `accounts-server` of an
 * OAuth redirect and the `api_domain` of a token response always win (a token works only in its
 * own DC), which is why callers pass those through {@link accountsServerFor} / {@link uploadBaseFor}
 * instead of looking hosts up by DC alone. Overrides replace hosts per DC — how the sandbox,
 * which serves every DC from one port, is reached.
 */
export class ZohoDataCentreDirectory {
  private readonly hosts: Record<ZohoDataCentre, ZohoDataCentreHosts>;

  constructor(overrides: Partial<Record<ZohoDataCentre, Partial<ZohoDataCentreHosts>>> = {}) {
    const merged = {} as Record<ZohoDataCentre, ZohoDataCentreHosts>;
    for (const dc of ZOHO_DATA_CENTRES) {
      const hosts = { ...ZOHO_DATA_CENTRE_HOSTS[dc], ...overrides[dc] };
      for (const [key, value] of Object.entries(hosts)) {
        assertBaseUrl(value, `dataCentres.${dc}.${key}`);
      }
      merged[dc] = {
        accountsServer: trimSlash(hosts.accountsServer),
        apiDomain: trimSlash(hosts.apiDomain),
        uploadBase: trimSlash(hosts.uploadBase),
      };
    }
    this.hosts = merged;
  }

  /** Hosts for the configured sandbox, which serves a DC under `{origin}/dc/{Zoho's location}`, e.g. `/dc/eu`. */
  static forSandbox(origin: string): ZohoDataCentreDirectory {
    const base = trimSlash(origin);
    const overrides: Partial<Record<ZohoDataCentre, ZohoDataCentreHosts>> = {};
    for (const dc of ZOHO_DATA_CENTRES) {
      const location = zohoLocationOf(dc);
      overrides[dc] = {
        accountsServer: `${base}/dc/${location}/accounts`,
        apiDomain: `${base}/dc/${location}`,
        uploadBase: `${base}/dc/${location}/content`,
      };
    }
    return new ZohoDataCentreDirectory(overrides);
  }

  of(dc: ZohoDataCentre): ZohoDataCentreHosts {
    return this.hosts[dc];
  }

  /** The DC whose API domain this is, or null for a domain Zoho returned that the table does not know. */
  dataCentreOfApiDomain(apiDomain: string): ZohoDataCentre | null {
    const wanted = trimSlash(apiDomain);
    return ZOHO_DATA_CENTRES.find((dc) => this.hosts[dc].apiDomain === wanted) ?? null;
  }

  /**
   * The DC whose accounts server this is, or null for one the table does not know. An OAuth
   * callback's `accounts-server` arrives in the user's browser URL, so anyone can forge it: check
   * it here before sending a client secret there.
   */
  dataCentreOfAccountsServer(accountsServer: string): ZohoDataCentre | null {
    const wanted = trimSlash(accountsServer);
    return ZOHO_DATA_CENTRES.find((dc) => this.hosts[dc].accountsServer === wanted) ?? null;
  }

  /**
   * The upload host that belongs with an `api_domain` Zoho returned. Unknown API domains are a
   * configuration error: guessing an upload host would send the org's data to the wrong DC.
   */
  uploadBaseFor(apiDomain: string): string {
    const dc = this.dataCentreOfApiDomain(apiDomain);
    if (dc === null) {
      throw new ZohoArgumentError({
        code: 'INVALID_ARGUMENT',
        httpStatus: null,
        field: 'apiDomain',
        message: `no data centre has the API domain ${apiDomain}; configure its hosts`,
      });
    }
    return this.hosts[dc].uploadBase;
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function assertBaseUrl(value: string, field: string): void {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ZohoArgumentError({ code: 'INVALID_ARGUMENT', httpStatus: null, field, message: `must be an absolute URL, got "${value}"` });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ZohoArgumentError({ code: 'INVALID_ARGUMENT', httpStatus: null, field, message: 'must be an http(s) URL' });
  }
}
