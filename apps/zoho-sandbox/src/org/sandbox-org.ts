import type { DataCentreLocation } from '../data-centre/data-centre';
import type { ZohoIdGenerator } from '../ids/zoho-id.generator';
import { ApiCreditLedger, creditAllowance } from '../limits/api-credit-ledger';
import { ConcurrencyGate, concurrencyLimit } from '../limits/concurrency-gate';
import { noFaults, type FaultSettings } from '../limits/fault-settings';
import { ModuleCatalog } from '../metadata/module-catalog';
import { PageTokenRegistry } from '../records/page-token.registry';
import { RecordStore } from '../records/record-store';
import { RecordWriteLog } from '../records/record-write-log';
import type { Edition, SandboxUser } from './org.model';

export interface OrgSettings {
  location: DataCentreLocation;
  companyName: string;
  timeZone: string;
  currency: string;
  isoCode: string;
  edition: Edition;
  userLicences: number;
  /**
   * False: `GET /org` leaves `users_license_purchased` out of `license_details`. Zoho's OpenAPI file
   * marks it required; this lets a test prove a client copes with an org record that does not say.
   * Missing (snapshots saved before it) reads as true.
   */
  userLicencesReported?: boolean;
}

export interface NewUser {
  firstName: string;
  lastName: string;
  email: string;
  timeZone?: string;
  role?: 'admin' | 'standard';
}

/** One emulated Zoho CRM org: its DC, users, metadata, records, limits and injected faults. */
export class SandboxOrg {
  readonly users: SandboxUser[] = [];
  readonly catalog: ModuleCatalog;
  readonly records = new RecordStore();
  /** Every record write and who made it (admin introspection only; not kept in snapshots). */
  readonly writeLog = new RecordWriteLog();
  readonly pageTokens = new PageTokenRegistry();
  readonly credits: ApiCreditLedger;
  readonly concurrency = new ConcurrencyGate();
  faults: FaultSettings = noFaults();
  /** Overrides the edition's concurrency limit (tests and benchmarks). */
  concurrencyOverride: number | null = null;

  constructor(
    readonly id: string,
    readonly zgid: string,
    readonly settings: OrgSettings,
    private readonly ids: ZohoIdGenerator,
    readonly createdTime: number,
  ) {
    this.catalog = new ModuleCatalog(ids);
    this.credits = new ApiCreditLedger(creditAllowance(settings.edition, settings.userLicences));
  }

  get location(): DataCentreLocation {
    return this.settings.location;
  }

  get concurrencyLimit(): number {
    return this.concurrencyOverride ?? concurrencyLimit(this.settings.edition);
  }

  addUser(user: NewUser, now: number): SandboxUser {
    if (this.users.some((existing) => existing.email.toLowerCase() === user.email.toLowerCase())) {
      throw new DuplicateUserError(user.email);
    }
    const created: SandboxUser = {
      id: this.ids.next(),
      zuid: String(700_000_000 + this.users.length + Number(this.id.slice(-6))),
      orgId: this.id,
      firstName: user.firstName,
      lastName: user.lastName,
      email: user.email,
      timeZone: user.timeZone ?? this.settings.timeZone,
      role: user.role ?? (this.users.length === 0 ? 'admin' : 'standard'),
      status: 'active',
      createdTime: now,
    };
    this.users.push(created);
    return created;
  }

  findUser(id: string): SandboxUser | undefined {
    return this.users.find((user) => user.id === id);
  }

  /** The first admin: the org's primary contact and the default actor of admin-API edits. */
  get primaryUser(): SandboxUser {
    const user = this.users.find((candidate) => candidate.role === 'admin') ?? this.users[0];
    if (!user) {
      throw new Error(`org ${this.id} has no users`);
    }
    return user;
  }
}

export class DuplicateUserError extends Error {
  constructor(readonly email: string) {
    super(`a user with email ${email} already exists in this org`);
  }
}
