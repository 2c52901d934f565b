import { Injectable } from '@nestjs/common';
import {
  diffMappingDefinitions,
  hasErrors,
  parseMappingDefinition,
  validateDealMapping,
  type MappingChange,
} from '@crm-bridge/sync-domain';
import type { CallerContext } from '@crm-bridge/caller-context';
import {
  CallerRoles,
  ErrorKind,
  parseIntegrationId,
  parsePageArguments,
  requireCallerRole,
  toConnection,
  type Connection,
} from '@crm-bridge/subgraph';
import { IntegrationService } from '../integration/integration.service';
import { PortalDealSchemaService } from '../portal-deal-schema/portal-deal-schema.service';
import { ZohoMetadataService } from '../zoho-metadata/zoho-metadata.service';
import { MappingVersionRepository } from './mapping-version.repository';
import type { MappingVersionEntity } from './mapping-version.entity';
import { MappingVersionException, MappingVersionExceptionCode } from './mapping-version.exception';
import type { MappingVersion } from './mapping-version.type';
import type { PublishMappingVersionInput } from './dto/publish-mapping-version.input';
import type { PublishMappingVersionPayload } from './dto/publish-mapping-version.payload';

/** Long enough for a real explanation, short enough that the version list stays a list. */
const MAX_COMMENT_LENGTH = 500;

@Injectable()
export class MappingVersionService {
  constructor(
    private readonly versions: MappingVersionRepository,
    private readonly integrations: IntegrationService,
    private readonly zohoMetadata: ZohoMetadataService,
    private readonly portalDealSchema: PortalDealSchemaService,
  ) {}

  /** An integration's versions in the order they were saved. */
  async listForIntegration(
    tenantId: string,
    integrationId: string,
    args: { first: number; after?: string | null },
  ): Promise<Connection<MappingVersion>> {
    const page = parsePageArguments(args.first, args.after);
    const rows = await this.versions.page(tenantId, { ...page, filter: { integrationId } });
    return toConnection(rows.map(toMappingVersion), page.limit);
  }

  async byIds(tenantId: string, ids: readonly string[]): Promise<MappingVersion[]> {
    return (await this.versions.byIds(tenantId, ids)).map(toMappingVersion);
  }

  /**
   * Publishes a tenant admin's mapping as the integration's next version; sync-engine hears of it
   * through `mapping.published`. Everything is checked before anything is stored, against the
   * live Zoho Deals metadata of the integration's org and the tenant's portal deal model: a
   * mapping with an ERROR is refused with every problem at once (nothing stored), one with only
   * WARNINGs is stored and its warnings returned. When Zoho's metadata cannot be read the publish
   * is refused with a coded error: a mapping saved unchecked would fail in sync instead.
   */
  async publish(caller: CallerContext, input: PublishMappingVersionInput, correlationId: string): Promise<PublishMappingVersionPayload> {
    requireCallerRole(caller, CallerRoles.admin, 'publish a mapping version');
    const integrationId = parseIntegrationId(input.integrationId, 'input.integrationId');
    const comment = input.comment?.trim() || null;
    if (comment !== null && comment.length > MAX_COMMENT_LENGTH) {
      throw new MappingVersionException(
        MappingVersionExceptionCode.CommentTooLong,
        ErrorKind.BadUserInput,
        `input.comment must be at most ${MAX_COMMENT_LENGTH} characters (got ${comment.length})`,
        'input.comment',
      );
    }
    const parsed = parseMappingDefinition(withoutAbsentFields(input.definition));
    if (parsed.definition === null) {
      return { mappingVersion: null, problems: parsed.problems };
    }
    const integration = (await this.integrations.byIds(caller.tenantId, [integrationId]))[0];
    if (!integration) {
      throw integrationNotFound(integrationId);
    }
    const [zoho, portal] = await Promise.all([
      this.zohoMetadata.dealsSnapshot(
        caller.tenantId,
        { id: integration.id, connectionId: integration.connection.id },
        'input.integrationId',
      ),
      this.portalDealSchema.dealModel(caller.tenantId),
    ]);
    const problems = validateDealMapping(parsed.definition, { zoho, portal });
    if (hasErrors(problems)) {
      return { mappingVersion: null, problems };
    }
    const version = await this.versions.publish(caller.tenantId, {
      integrationId,
      definition: parsed.definition,
      comment,
      authorUserId: caller.userId,
      correlationId,
    });
    // Deleted meanwhile: the repository found no integration to add the version to.
    if (!version) {
      throw integrationNotFound(integrationId);
    }
    return { mappingVersion: toMappingVersion(version), problems };
  }

  /**
   * What changed from one version of an integration to another (`from` is usually the earlier).
   * Both must be the tenant's and of one integration; another tenant's version is not found.
   */
  diff(from: MappingVersion | null, to: MappingVersion | null, ids: { from: string; to: string }): MappingChange[] {
    if (!from || !to) {
      const [field, id] = from ? ['to', ids.to] : ['from', ids.from];
      throw new MappingVersionException(
        MappingVersionExceptionCode.MappingVersionNotFound,
        ErrorKind.NotFound,
        `mapping version ${id} does not exist`,
        field,
      );
    }
    if (from.integrationId !== to.integrationId) {
      throw new MappingVersionException(
        MappingVersionExceptionCode.VersionsOfDifferentIntegrations,
        ErrorKind.BadUserInput,
        `to must be a version of the same integration as from (${from.integrationId}), not of ${to.integrationId}`,
        'to',
      );
    }
    return diffMappingDefinitions(from.definition, to.definition);
  }
}

/**
 * The input as plain data without the fields GraphQL left null: the schema's tagged unions refuse
 * a field their tag does not use (`zohoStage` under INFER), and null there means "not given".
 */
function withoutAbsentFields(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutAbsentFields);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => field !== null && field !== undefined)
        .map(([key, field]) => [key, withoutAbsentFields(field)]),
    );
  }
  return value;
}

function integrationNotFound(integrationId: string): MappingVersionException {
  return new MappingVersionException(
    MappingVersionExceptionCode.IntegrationNotFound,
    ErrorKind.NotFound,
    `integration ${integrationId} does not exist`,
    'input.integrationId',
  );
}

function toMappingVersion(row: MappingVersionEntity): MappingVersion {
  return {
    id: row.id,
    integrationId: row.integrationId,
    version: row.version,
    publishedAt: row.publishedAt,
    authorUserId: row.authorUserId,
    comment: row.comment,
    definition: row.definition,
    createdAt: row.createdAt,
  };
}
