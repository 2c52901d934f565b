import type { CallerContext } from '@crm-bridge/caller-context';
import { CodedError, ErrorKind } from './coded-error';

/** Roles a caller context may carry (a user token's `roles` claim, or those the gateway derives from an API key's rights) that subgraphs check. */
export const CallerRoles = {
  /** A tenant's administrator: connects Zoho, configures integrations and mappings. */
  admin: 'admin',
  /**
   * A portal user who creates, edits and deletes deals (a partner or sales manager) without being
   * allowed to configure Zoho connections, integrations or mappings.
   */
  dealEditor: 'deal-editor',
  /**
   * Reads the tenant's data and writes nothing: it holds no role any write requires. A partner
   * API key with the `READ` right acts as one (the gateway also refuses a key's mutations itself).
   */
  viewer: 'viewer',
  /**
   * May open subscriptions (live deal updates): what a partner API key with the `SUBSCRIBE` right
   * carries, so a subscription resolver can tell such a key from one that may only read.
   */
  subscriber: 'subscriber',
} as const;

export type CallerRole = (typeof CallerRoles)[keyof typeof CallerRoles];

export enum CallerRoleExceptionCode {
  RoleRequired = 'ROLE_REQUIRED',
}

export class CallerRoleException extends CodedError<CallerRoleExceptionCode> {}

/**
 * Refuses the operation with FORBIDDEN (`ROLE_REQUIRED`) unless the caller has `role`, or one of
 * the roles when given a list.
 *
 * @example
 *   requireCallerRole(context.caller, CallerRoles.admin, 'publish a mapping version');
 *   requireCallerRole(context.caller, [CallerRoles.admin, CallerRoles.dealEditor], 'create a deal');
 */
export function requireCallerRole(caller: CallerContext, role: CallerRole | readonly CallerRole[], action: string): void {
  const allowed: readonly CallerRole[] = typeof role === 'string' ? [role] : role;
  if (!allowed.some((candidate) => caller.roles.includes(candidate))) {
    throw new CallerRoleException(
      CallerRoleExceptionCode.RoleRequired,
      ErrorKind.Forbidden,
      `only a tenant ${allowed.join(' or ')} may ${action}`,
    );
  }
}
