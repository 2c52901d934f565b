/**
 * sync-engine's Zoho notification endpoint (`POST /zoho/notifications`, its
 * ZohoNotificationController): where Zoho POSTs the notifications of the channels sync-engine
 * enables, so the one route of sync-engine that must be reachable from outside, at the URL the
 * service is told in `ZOHO_NOTIFY_URL`.
 */
export const ZOHO_NOTIFY_ENDPOINT = {
  service: 'sync-engine',
  path: '/zoho/notifications',
  notifyUrlVariable: 'ZOHO_NOTIFY_URL',
} as const;
