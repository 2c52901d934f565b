import { ZohoArgumentError } from '../errors/zoho-errors';

/** Zoho's data centres for CRM (reference §1.3). UK is absent: no CRM API domain is documented for it. */
export const ZOHO_DATA_CENTRES = ['us', 'eu', 'in', 'au', 'jp', 'cn', 'ca', 'sa'] as const;
export type ZohoDataCentre = (typeof ZOHO_DATA_CENTRES)[number];

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
  us: { accountsServer: 'https://accounts.zoho.com', apiDomain: 'https://www.zohoapis.com', uploadBase: 'https://content.zohoapis.com' },
  eu: { accountsServer: 'https://accounts.zoho.eu', apiDomain: 'https://www.zohoapis.eu', uploadBase: 'https://content.zohoapis.eu' },
  in: { accountsServer: 'https://accounts.zoho.in', apiDomain: 'https://www.zohoapis.in', uploadBase: 'https://content.zohoapis.in' },
  au: {
    accountsServer: 'https://accounts.zoho.com.au',
    apiDomain: 'https://www.zohoapis.com.au',
    uploadBase: 'https://content.zohoapis.com.au',
  },
  jp: { accountsServer: 'https://accounts.zoho.jp', apiDomain: 'https://www.zohoapis.jp', uploadBase: 'https://content.zohoapis.jp' },
  cn: {
    accountsServer: 'https://accounts.zoho.com.cn',
    apiDomain: 'https://www.zohoapis.com.cn',
    uploadBase: 'https://content.zohoapis.com.cn',
  },
  ca: { accountsServer: 'https://accounts.zohocloud.ca', apiDomain: 'https://www.zohoapis.ca', uploadBase: 'https://upload.zohocloud.ca' },
  sa: { accountsServer: 'https://accounts.zoho.sa', apiDomain: 'https://www.zohoapis.sa', uploadBase: 'https://files.zoho.sa' },
};

export function isZohoDataCentre(value: string): value is ZohoDataCentre {
  return (ZOHO_DATA_CENTRES as readonly string[]).includes(value);
}

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

  /** Hosts for the configured sandbox, which serves DC `x` under `{origin}/dc/x`. */
  static forSandbox(origin: string): ZohoDataCentreDirectory {
    const base = trimSlash(origin);
    const overrides: Partial<Record<ZohoDataCentre, ZohoDataCentreHosts>> = {};
    for (const dc of ZOHO_DATA_CENTRES) {
      overrides[dc] = {
        accountsServer: `${base}/dc/${dc}/accounts`,
        apiDomain: `${base}/dc/${dc}`,
        uploadBase: `${base}/dc/${dc}/content`,
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
