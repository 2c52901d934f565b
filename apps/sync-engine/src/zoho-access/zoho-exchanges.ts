import { Injectable } from '@nestjs/common';
import type { ZohoExchange } from '@crm-bridge/zoho-client';

/**
 * Where the client's `onExchange` goes: features that want to see sync's Zoho calls (debug mode)
 * listen here, so zoho-access knows none of them. Listeners run on the call's path: they must be
 * cheap and never throw (zoho-client swallows what they throw anyway).
 */
@Injectable()
export class ZohoExchanges {
  private readonly listeners: ((exchange: ZohoExchange) => void)[] = [];

  listen(listener: (exchange: ZohoExchange) => void): void {
    this.listeners.push(listener);
  }

  /** zoho-client's `onExchange`. */
  tell(exchange: ZohoExchange): void {
    for (const listener of this.listeners) {
      listener(exchange);
    }
  }
}
