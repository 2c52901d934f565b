import { UNPARSEABLE_JSON, type HttpExchange } from '../http/http-exchange';
import { ZohoErrors } from '../http/zoho-api.error';
import { SUB_CONCURRENCY_LIMIT } from '../limits/concurrency-gate';
import { anyScopeGrants, requiredScope } from '../oauth/oauth-scope';
import type { AccessTokenGrant } from '../oauth/oauth.model';
import type { SandboxUser } from '../org/org.model';
import type { SandboxOrg } from '../org/sandbox-org';
import { versionProfile, type ApiVersion, type ApiVersionProfile } from './api-version';

/** An authenticated CRM API call: who calls, in which org and version, and its limits. */
export class CrmRequest {
  private readonly releases: (() => void)[] = [];

  constructor(
    readonly exchange: HttpExchange,
    readonly org: SandboxOrg,
    readonly user: SandboxUser,
    readonly grant: AccessTokenGrant,
    readonly version: ApiVersion,
    readonly apiDomain: string,
    /** The sandbox clock's now, in epoch milliseconds. */
    readonly now: () => number,
  ) {}

  get profile(): ApiVersionProfile {
    return versionProfile(this.version);
  }

  get timeZone(): string {
    return this.user.timeZone;
  }

  /** Throws OAUTH_SCOPE_MISMATCH unless the token's scopes grant this, e.g. `('ZohoCRM', 'modules', 'deals', 'READ')`. */
  requireScope(service: string, group: string, resource: string | null, operation: string, customModule = false): void {
    if (!anyScopeGrants(this.grant.scopes, requiredScope(service, group, resource, operation, customModule))) {
      throw ZohoErrors.scopeMismatch();
    }
  }

  /** The request body as a JSON object; anything else (none, unparseable, an array…) is Zoho's `INVALID_DATA` "body". */
  async jsonObjectBody(): Promise<Record<string, unknown>> {
    const body = await this.exchange.jsonBody();
    if (body === undefined || body === UNPARSEABLE_JSON || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw ZohoErrors.invalidBody();
    }
    return body as Record<string, unknown>;
  }

  /**
   * Charges API credits for this call (reference §8) and sets `X-API-CREDITS-REMAINING` once
   * half the allowance is used; throws 429 when the rolling 24-hour allowance cannot cover it.
   */
  charge(credits: number): void {
    const outcome = this.org.credits.charge(credits, this.now());
    if (outcome.reportRemaining) {
      this.exchange.setHeader('X-API-CREDITS-REMAINING', String(Math.max(0, outcome.remaining)));
    }
    if (!outcome.accepted) {
      throw ZohoErrors.tooManyRequests();
    }
  }

  /** Heavy calls (writes of more than 10 records, COQL…) also need a slot in the sub-concurrency pool of 10. */
  enterHeavyPool(): void {
    const release = this.org.concurrency.tryEnter(`${this.grant.clientId}:heavy`, SUB_CONCURRENCY_LIMIT);
    if (!release) {
      throw ZohoErrors.tooManyRequests();
    }
    this.releases.push(release);
  }

  holdUntilDone(release: () => void): void {
    this.releases.push(release);
  }

  releaseAll(): void {
    for (const release of this.releases.splice(0)) {
      release();
    }
  }
}
