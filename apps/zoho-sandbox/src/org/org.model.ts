/** CRM editions; they set the API credit allowance and concurrency (reference §8). */
export const EDITIONS = ['free', 'standard', 'professional', 'enterprise', 'ultimate'] as const;
export type Edition = (typeof EDITIONS)[number];

export interface SandboxUser {
  id: string;
  zuid: string;
  orgId: string;
  firstName: string;
  lastName: string;
  email: string;
  timeZone: string;
  role: 'admin' | 'standard';
  status: 'active' | 'disabled';
  createdTime: number;
}

export function userFullName(user: SandboxUser): string {
  return [user.firstName, user.lastName].filter((part) => part.length > 0).join(' ');
}
