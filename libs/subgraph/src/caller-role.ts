import type { CallerContext } from '@crm-bridge/caller-context';
import { CodedError, ErrorKind } from './coded-error';

/** Roles a user token may carry (`roles` claim) that subgraphs check. */
export const CallerRoles = {
  /** A tenant's administrator: connects Zoho, configures integrations and mappings. */
  admin: 'admin',
} as const;

export enum CallerRoleExceptionCode {
  RoleRequired = 'ROLE_REQUIRED',
}

export class CallerRoleException extends CodedError<CallerRoleExceptionCode> {}

/**
 * Refuses the operation with FORBIDDEN (`ROLE_REQUIRED`) unless the caller has `role`.
 *
 * @example
 *   requireCallerRole(context.caller, CallerRoles.admin, 'publish a mapping version');
 */
export function requireCallerRole(caller: CallerContext, role: (typeof CallerRoles)[keyof typeof CallerRoles], action: string): void {
  if (!caller.roles.includes(role)) {
    throw new CallerRoleException(CallerRoleExceptionCode.RoleRequired, ErrorKind.Forbidden, `only a tenant ${role} may ${action}`);
  }
}
