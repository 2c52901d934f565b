import { z } from '@crm-bridge/config';

/** How sync-engine reaches Zoho: through auth-connector, which hands out each connection's access tokens. */
export const zohoAccessConfig = {
  /**
   * auth-connector's base URL (its `POST /internal/connections/:id/access-token`), e.g.
   * `http://auth-connector:4001`. Zoho's API host comes with each token, so no Zoho host is configured.
   */
  AUTH_CONNECTOR_URL: z
    .string({ required_error: "is required: auth-connector's base URL, e.g. http://auth-connector:4001" })
    .url('must be an absolute URL, e.g. http://auth-connector:4001')
    .refine((value) => /^https?:\/\//.test(value), { message: 'must be an http(s) URL' }),
  /**
   * The Zoho sandbox's origin, e.g. `http://127.0.0.1:4010`, when it plays Zoho (local runs, tests,
   * the dev overlay): Bulk Write uploads its file to the upload host that belongs with the token's
   * API domain, and only this tells the sandbox's hosts apart from an unknown domain.
   */
  ZOHO_SANDBOX_URL: z
    .string()
    .url('must be an absolute URL, e.g. http://127.0.0.1:4010')
    .refine((value) => /^https?:\/\//.test(value), { message: 'must be an http(s) URL' })
    .optional(),
};

export interface ZohoAccessConfig {
  AUTH_CONNECTOR_URL: string;
  ZOHO_SANDBOX_URL?: string | undefined;
  INTERNAL_SIGNING_SECRET: string;
}
