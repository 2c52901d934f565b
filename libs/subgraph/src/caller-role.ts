import type { CallerContext } from '@crm-bridge/caller-context';
import { CodedError, ErrorKind } from './coded-error';

/** Roles a user token may carry (`roles` claim) that subgraphs check. */
export const CallerRoles = {
  /** A tenant's administrator: connects Zoho, configures integrations and mappings. */
  admin: 'admin',
  /**
   * A portal user who creates, edits and deletes deals (a partner or sales manager) without being
   * allowed to configure Zoho connections, integrations or mappings.
   */
  dealEditor: 'deal-editor',
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
