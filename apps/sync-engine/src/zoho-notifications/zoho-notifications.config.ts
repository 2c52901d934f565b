import { z } from '@crm-bridge/config';

const seconds = (minimum: number, maximum: number) =>
  z.coerce
    .number({ invalid_type_error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(minimum, `must be at least ${minimum}`)
    .max(maximum, `must be at most ${maximum}`);

/** Zoho notification channels: where Zoho POSTs, and how long channels live before they are renewed. */
export const zohoNotificationsConfig = {
  /**
   * The public URL Zoho POSTs notifications to: this service's `POST /zoho/notifications` as the
   * outside world reaches it (through the Ingress), e.g. `https://crm-bridge.example.com/zoho/notifications`.
   * http is accepted so the local sandbox can reach a development machine.
   */
  ZOHO_NOTIFY_URL: z
    .string({
      required_error: 'is required: the public URL of POST /zoho/notifications, e.g. https://crm-bridge.example.com/zoho/notifications',
    })
    .url('must be an absolute URL, e.g. https://crm-bridge.example.com/zoho/notifications')
    .refine((value) => /^https?:\/\//.test(value), { message: 'must be an http(s) URL' }),
  /** The lifetime asked for on each enable or renewal. Default just under Zoho's one-week maximum: a longer ask falls back to one hour. */
  ZOHO_CHANNEL_LIFETIME_SECONDS: seconds(5, 7 * 24 * 3600).default(7 * 24 * 3600 - 600),
  /** A channel is renewed when less than this is left. Default one day: a day of Zoho errors can pass before it lapses. */
  ZOHO_CHANNEL_RENEW_BEFORE_SECONDS: seconds(1, 7 * 24 * 3600).default(24 * 3600),
  /** How often Zoho is asked whether it still has the channel (GET /actions/watch, 1 credit); a lost one is re-created. */
  ZOHO_CHANNEL_CHECK_SECONDS: seconds(1, 24 * 3600).default(3600),
};

export interface ZohoNotificationsConfig {
  ZOHO_NOTIFY_URL: string;
  ZOHO_CHANNEL_LIFETIME_SECONDS: number;
  ZOHO_CHANNEL_RENEW_BEFORE_SECONDS: number;
  ZOHO_CHANNEL_CHECK_SECONDS: number;
}
