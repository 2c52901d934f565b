import { Injectable } from '@nestjs/common';
import {
  diffMappingDefinitions,
  findDefinitionProblems,
  hasErrors,
  parseMappingDefinition,
  validateDealMapping,
  type DealMappingContext,
  type MappingChange,
  type MappingDefinition,
  type MappingProblem,
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
  constructor(private readonly versions: MappingVersionRepository) {}

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
   * through `mapping.published`. Everything is checked before anything is stored: a mapping with
   * an ERROR is refused with every problem at once (nothing stored), one with only WARNINGs is
   * stored and its warnings returned.
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
    // Not wired yet: Zoho metadata discovery and the portal's deal model (issue 12 items 7 and 8)
    // will supply the context; until then only the rules that need neither are checked.
    const problems = this.problemsOf(parsed.definition, null);
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
    if (!version) {
      throw new MappingVersionException(
        MappingVersionExceptionCode.IntegrationNotFound,
        ErrorKind.NotFound,
        `integration ${integrationId} does not exist`,
        'input.integrationId',
      );
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

  /**
   * The problems of a definition: against `context` — live Zoho Deals metadata and the portal's
   * deal model — every rule; without it (null), the rules that need neither (duplicates, a field
   * mapping that writes the stage, under INFER phases sharing a stage, the match key's kind).
   */
  problemsOf(definition: MappingDefinition, context: DealMappingContext | null): MappingProblem[] {
    return context === null ? findDefinitionProblems(definition) : validateDealMapping(definition, context);
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
