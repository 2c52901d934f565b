import type { SandboxClock } from '../clock/sandbox-clock';
import type { ZohoIdGenerator } from '../ids/zoho-id.generator';
import { SandboxOrg, type NewUser, type OrgSettings } from './sandbox-org';

/** Every org the sandbox emulates, across all data centres. */
export class OrgRegistry {
  private readonly orgs = new Map<string, SandboxOrg>();

  constructor(
    private readonly ids: ZohoIdGenerator,
    private readonly clock: SandboxClock,
  ) {}

  create(settings: OrgSettings, primaryUser: NewUser): SandboxOrg {
    const id = this.ids.next();
    const org = new SandboxOrg(id, this.ids.next(), settings, this.ids, this.clock.now());
    org.addUser({ ...primaryUser, role: 'admin' }, this.clock.now());
    this.orgs.set(id, org);
    return org;
  }

  /** Adds an org rebuilt from a snapshot. */
  restore(org: SandboxOrg): void {
    this.orgs.set(org.id, org);
  }

  clear(): void {
    this.orgs.clear();
  }

  find(id: string): SandboxOrg | undefined {
    return this.orgs.get(id);
  }

  list(): SandboxOrg[] {
    return [...this.orgs.values()];
  }
}
