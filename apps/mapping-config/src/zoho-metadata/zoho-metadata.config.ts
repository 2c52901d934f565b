import { z } from '@crm-bridge/config';

/** How mapping-config reaches Zoho: through auth-connector, which hands out each connection's access tokens. */
export const zohoMetadataConfig = {
  /**
   * auth-connector's base URL (its `POST /internal/connections/:id/access-token`), e.g.
   * `http://auth-connector:4001`. Zoho's API host comes with each token (`apiDomain`), so no Zoho
   * or sandbox host is configured here.
   */
  AUTH_CONNECTOR_URL: z
    .string({ required_error: "is required: auth-connector's base URL, e.g. http://auth-connector:4001" })
    .url('must be an absolute URL, e.g. http://auth-connector:4001')
    .refine((value) => /^https?:\/\//.test(value), { message: 'must be an http(s) URL' }),
  /** How long Zoho metadata is reused before it is read again (`refreshZohoMetadata` reads it at once). Default 10 minutes. */
  ZOHO_METADATA_TTL_SECONDS: z.coerce
    .number({ invalid_type_error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(0, 'must be at least 0')
    .max(86_400, 'must be at most 86400 (a day)')
    .default(600),
};

export interface ZohoMetadataConfig {
  AUTH_CONNECTOR_URL: string;
  ZOHO_METADATA_TTL_SECONDS: number;
  INTERNAL_SIGNING_SECRET: string;
}
