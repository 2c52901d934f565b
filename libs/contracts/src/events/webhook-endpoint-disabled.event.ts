import { z } from 'zod';

/**
 * sync-engine disabled a partner webhook endpoint by itself because every delivery attempt to it
 * kept failing (not when an admin disables one): the tenant's partner receives nothing until an
 * admin enables it again. Published in the transaction that disabled it, for whatever tells the
 * tenant (notifications, the console). The envelope's `subject` is the endpoint id; its
 * `integrationId` is the endpoint's integration filter, or for an endpoint of every integration
 * the integration of the delivery whose failure disabled it.
 *
 * @example
 *   { endpointId: '…', url: 'https://partner.example.com/hooks/crm',
 *     reason: 'every delivery attempt failed since 2026-12-05T10:00:00.000Z (10 in a row); the last: the endpoint answered HTTP 503',
 *     disabledAt: '2026-12-06T10:00:03.120Z' }
 */
export const webhookEndpointDisabledDataSchema = z.object({
  endpointId: z.string().uuid('must be a UUID'),
  /** Scheme, host, port and path only: never credentials, the query or the fragment, which may carry a partner's tokens. */
  url: z
    .string()
    .url('must be a URL')
    .refine((value) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return true; // `url()` above names it
      }
      return !url.username && !url.password && !url.search && !url.hash;
    }, 'must carry no credentials, query or fragment'),
  reason: z.string().min(1, 'must say why'),
  disabledAt: z.string().datetime({ offset: true, message: 'must be an ISO 8601 instant' }),
});

export type WebhookEndpointDisabledData = z.infer<typeof webhookEndpointDisabledDataSchema>;
