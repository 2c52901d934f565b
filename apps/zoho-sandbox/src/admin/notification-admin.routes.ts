import type { Router } from '../http/router';
import type { WatchChannelService } from '../notifications/watch-channel.service';
import type { SandboxContext } from '../sandbox.context';
import { AdminErrors } from './admin.error';
import { findOrg } from './org-admin.routes';

/**
 * Admin view of an org's live notification channels and the POSTs made to their notify URLs, and
 * a way to make Zoho lose a channel (as it does, e.g. after a data-centre incident or when an admin
 * removes it in Zoho's settings), so a receiver's recovery can be tested.
 */
export function registerNotificationAdminRoutes(router: Router, context: SandboxContext, channels: WatchChannelService): void {
  router.add('GET', '/__admin/orgs/:orgId/notifications', (exchange) => {
    const org = findOrg(context, exchange);
    exchange.sendJson(200, {
      channels: channels.live(org.id).map((channel) => ({ ...channel, expiresAt: new Date(channel.expiresAt).toISOString() })),
      deliveries: channels.deliveriesOf(org.id),
    });
    return Promise.resolve();
  });
  router.add('DELETE', '/__admin/orgs/:orgId/notifications/channels/:channelId', (exchange) => {
    const org = findOrg(context, exchange);
    const channelId = exchange.params['channelId'] ?? '';
    if (!channels.remove(org.id, channelId)) {
      throw AdminErrors.notFound(`live channel ${channelId}`);
    }
    exchange.sendEmpty(204);
    return Promise.resolve();
  });
}
