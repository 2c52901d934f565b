import type { Router } from '../http/router';
import type { WatchChannelService } from '../notifications/watch-channel.service';
import type { SandboxContext } from '../sandbox.context';
import { findOrg } from './org-admin.routes';

/** Admin view of an org's live notification channels and the POSTs made to their notify URLs. */
export function registerNotificationAdminRoutes(router: Router, context: SandboxContext, channels: WatchChannelService): void {
  router.add('GET', '/__admin/orgs/:orgId/notifications', (exchange) => {
    const org = findOrg(context, exchange);
    exchange.sendJson(200, {
      channels: channels.live(org.id).map((channel) => ({ ...channel, expiresAt: new Date(channel.expiresAt).toISOString() })),
      deliveries: channels.deliveriesOf(org.id),
    });
    return Promise.resolve();
  });
}
