import { Inject, Injectable } from '@nestjs/common';
import type { CallerContext } from '@crm-bridge/caller-context';
import type { RegistrationCollisionSettings } from '@crm-bridge/contracts';
import { SERVICE_CONFIG } from '@crm-bridge/service-runtime';
import type { RegistrationRules } from '@crm-bridge/sync-domain';
import {
  CallerRoles,
  ErrorKind,
  integrationFilter,
  parsePageArguments,
  requireCallerRole,
  toConnection,
  type Connection,
} from '@crm-bridge/subgraph';
import type { DealCreationCheck } from '../deal/deal.repository';
import { portalDealFieldsOf } from '../deal/deal-values';
import { withIntegration } from '../integration-reference/integration.type';
import { PortalDealSchemaService } from '../portal-deal-schema/portal-deal-schema.service';
import { SyncIntegrationRepository } from '../sync-integration/sync-integration.repository';
import type { DealRegistrationConfig } from './deal-registration.config';
import { DealRegistrationException, DealRegistrationExceptionCode } from './deal-registration.exception';
import type { DecideRegistrationCollisionInput } from './dto/decide-registration-collision.input';
import type { ListRegistrationCollisionsArgs } from './dto/list-registration-collisions.args';
import type { RegistrationCollisionEntity } from './registration-collision.entity';
import { RegistrationCollisionRepository } from './registration-collision.repository';
import type { RegistrationCollisionNode } from './registration-collision.type';

const MAX_REASON_LENGTH = 1000;

/**
 * Deal-registration collisions: new deals held in their create transaction when another partner
 * registered a similar deal for the same account shortly before, listed for the tenant, and
 * decided (approve, merge, reject) by a tenant admin.
 */
@Injectable()
export class DealRegistrationService {
  constructor(
    private readonly collisions: RegistrationCollisionRepository,
    private readonly schemas: PortalDealSchemaService,
    private readonly integrations: SyncIntegrationRepository,
    @Inject(SERVICE_CONFIG) private readonly config: DealRegistrationConfig,
  ) {}

  /**
   * What every portal deal create (GraphQL and Kafka intake) runs in its transaction: holds the deal
   * when it collides by its integration's rules (the service's where the integration set none).
   */
  readonly creationCheck: DealCreationCheck = async (tx, deal) => {
    const settings = await this.integrations.settingsIn(tx, deal.integrationId);
    const rules = registrationRules(settings?.registrationCollisions, this.config);
    if (rules) {
      await this.collisions.holdIfColliding(tx, deal, rules);
    }
  };

  /** One page of the tenant's collisions, oldest first; readable by whoever may read the tenant's deals. */
  async list(tenantId: string, args: ListRegistrationCollisionsArgs): Promise<Connection<RegistrationCollisionNode>> {
    const page = parsePageArguments(args.first, args.after);
    const rows = await this.collisions.page(tenantId, {
      ...page,
      filter: { ...integrationFilter(args.integrationId), ...(args.status ? { status: args.status } : {}) },
    });
    return toConnection(rows.map(withIntegration), page.limit);
  }

  /** The collisions holding these deals, by deal id. */
  async holding(tenantId: string, dealIds: readonly string[]): Promise<RegistrationCollisionEntity[]> {
    return this.collisions.heldDeals(tenantId, dealIds);
  }

  /** A tenant admin approves, merges or rejects a HELD collision of their tenant; a decided one is refused. */
  async decide(caller: CallerContext, input: DecideRegistrationCollisionInput, correlationId: string): Promise<RegistrationCollisionNode> {
    requireCallerRole(caller, CallerRoles.admin, 'decide a deal-registration collision');
    const reason = input.reason?.trim() || null;
    if (reason !== null && reason.length > MAX_REASON_LENGTH) {
      throw new DealRegistrationException(
        DealRegistrationExceptionCode.ReasonTooLong,
        ErrorKind.BadUserInput,
        `the reason may have at most ${MAX_REASON_LENGTH} characters`,
        'input.reason',
      );
    }
    // Another tenant's collision is not found, exactly like one that does not exist.
    const [collision] = await this.collisions.byIds(caller.tenantId, [input.collisionId]);
    if (!collision) {
      throw collisionNotFound(input.collisionId);
    }
    const schema = await this.schemas.ofIntegration(caller.tenantId, collision.integrationId);
    const result = await this.collisions.decide(
      caller.tenantId,
      { collisionId: collision.id, decision: input.decision, reason, decidedBy: caller.userId },
      { correlationId, portalFields: schema ? portalDealFieldsOf(schema) : [] },
    );
    switch (result.kind) {
      case 'decided':
        return withIntegration(result.collision);
      case 'not-found':
        throw collisionNotFound(input.collisionId);
      case 'already-decided':
        throw new DealRegistrationException(
          DealRegistrationExceptionCode.AlreadyDecided,
          ErrorKind.Conflict,
          `registration collision ${input.collisionId} was already decided: ${result.status}`,
          'input.collisionId',
        );
      case 'held-deal-gone':
        throw new DealRegistrationException(
          DealRegistrationExceptionCode.HeldDealGone,
          ErrorKind.Conflict,
          `the held deal ${collision.heldDealId} was deleted meanwhile; only REJECT can close this collision`,
          'input.decision',
        );
      case 'first-deal-gone':
        throw new DealRegistrationException(
          DealRegistrationExceptionCode.FirstDealGone,
          ErrorKind.Conflict,
          `the first deal ${collision.firstDealId} was deleted meanwhile: there is nothing to merge into; approve or reject instead`,
          'input.decision',
        );
    }
  }
}

/**
 * The rules a new registration of an integration is held by: its own where it set them, the
 * service's config where it set none (null or absent, as before the setting existed); null when the
 * integration switched holding off.
 */
function registrationRules(
  own: RegistrationCollisionSettings | null | undefined,
  defaults: DealRegistrationConfig,
): RegistrationRules | null {
  if (!own) {
    return { windowDays: defaults.REGISTRATION_WINDOW_DAYS, threshold: defaults.REGISTRATION_SIMILARITY_THRESHOLD };
  }
  return own.enabled ? { windowDays: own.windowDays, threshold: own.similarityThreshold } : null;
}

function collisionNotFound(id: string): DealRegistrationException {
  return new DealRegistrationException(
    DealRegistrationExceptionCode.CollisionNotFound,
    ErrorKind.NotFound,
    `registration collision ${id} does not exist`,
    'input.collisionId',
  );
}
