import { z } from '@crm-bridge/config';

const urlVariable = (purpose: string) =>
  z
    .string()
    .url(`must be an absolute URL (${purpose})`)
    .refine((value) => /^https?:\/\//.test(value), { message: 'must be an http(s) URL' });

/** How auth-connector reaches Zoho Accounts and which OAuth client it uses by default. */
export const zohoAccountsConfig = {
  /** The Zoho sandbox's origin (local runs and tests): every data centre's hosts point at it. Unset: Zoho's real hosts. */
  ZOHO_SANDBOX_URL: urlVariable('the sandbox origin, e.g. http://127.0.0.1:4010').optional(),
  /** Default OAuth client for `startZohoConnection` when the caller names none. */
  ZOHO_CLIENT_ID: z.string().min(1).optional(),
  ZOHO_CLIENT_SECRET: z.string().min(1).optional(),
  /** This service's public callback, registered with the Zoho client: `https://<host>/oauth/zoho/callback`. */
  ZOHO_REDIRECT_URL: urlVariable('the public URL of GET /oauth/zoho/callback').optional(),
  /** Where the callback sends the user afterwards, with `?status=connected&connectionId=…` or `?status=error&code=…`. */
  PORTAL_RETURN_URL: urlVariable('the portal page that shows the outcome').optional(),
  /** OAuth scopes requested at consent, comma-separated. */
  ZOHO_OAUTH_SCOPES: z
    .string()
    .default(
      'ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,ZohoCRM.org.READ,ZohoCRM.users.READ,ZohoCRM.coql.READ,ZohoCRM.bulk.ALL,ZohoCRM.notifications.ALL,ZohoSearch.securesearch.READ,ZohoFiles.files.ALL',
    )
    .transform((value) =>
      value
        .split(',')
        .map((scope) => scope.trim())
        .filter(Boolean),
    ),
};

export interface ZohoAccountsConfig {
  ZOHO_SANDBOX_URL?: string | undefined;
  ZOHO_CLIENT_ID?: string | undefined;
  ZOHO_CLIENT_SECRET?: string | undefined;
  ZOHO_REDIRECT_URL?: string | undefined;
  PORTAL_RETURN_URL?: string | undefined;
  ZOHO_OAUTH_SCOPES: string[];
}
