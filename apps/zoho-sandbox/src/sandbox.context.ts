import type { StructuredLogger } from '@crm-bridge/observability';
import type { SandboxClock } from './clock/sandbox-clock';
import type { HttpExchange } from './http/http-exchange';
import type { ZohoIdGenerator } from './ids/zoho-id.generator';
import type { OAuthService } from './oauth/oauth.service';
import type { OrgRegistry } from './org/org-registry';
import type { SandboxOrg } from './org/sandbox-org';
import type { RecordWriteOptions, RecordWriteService } from './records/record-write.service';

/** What every feature's routes share: the sandbox's state and how to name its own URLs. */
export interface SandboxContext {
  clock: SandboxClock;
  ids: ZohoIdGenerator;
  orgs: OrgRegistry;
  oauth: OAuthService;
  logger: StructuredLogger;
  /** Draws a number in [0, 1) for fault injection and jitter (seedable in tests). */
  random: () => number;
  /** The origin callers reach the sandbox at, e.g. `http://127.0.0.1:4010`. */
  originOf: (exchange: HttpExchange) => string;
  /** The record writer of an org, wired to the sandbox's change listeners (notifications). */
  recordWriter: (org: SandboxOrg, options?: RecordWriteOptions) => RecordWriteService;
}
