import type { EventOfType } from '@crm-bridge/contracts';

/** The payload `type` of a DEAL_UPDATED delivery (Standard Webhooks: a dotted event name). */
export const DEAL_UPDATED_WEBHOOK_TYPE = 'deal.updated';

/**
 * The JSON body a `deal.updated` event is delivered with: `{ type, timestamp, data }` as Standard
 * Webhooks suggests, keys in a fixed order. It is built once per event and stored with each
 * delivery, so retries and replays sign and send the same bytes.
 */
export function dealUpdatedWebhookBody(event: EventOfType<'deal.updated'>): string {
  const data = event.data;
  return JSON.stringify({
    type: DEAL_UPDATED_WEBHOOK_TYPE,
    timestamp: event.occurredAt,
    data: {
      eventId: event.eventId,
      integrationId: event.integrationId,
      dealId: data.dealId,
      operation: data.operation,
      origin: data.origin,
      pipeline: data.pipeline,
      phase: data.phase,
      partnerId: data.partnerId,
      changes: data.changes.map((change) => ({ field: change.field, oldValue: change.oldValue, newValue: change.newValue })),
      updatedAt: data.updatedAt,
    },
  });
}

/** The integration of the event a stored delivery body carries (`data.integrationId`, written by {@link dealUpdatedWebhookBody}). */
export function integrationIdOfWebhookBody(body: string): string {
  return (JSON.parse(body) as { data: { integrationId: string } }).data.integrationId;
}
