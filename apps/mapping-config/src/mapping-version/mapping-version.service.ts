import { Injectable } from '@nestjs/common';
import { mappingDefinitionSchema, type MappingDefinition } from '@crm-bridge/contracts';
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
   * through `mapping.published`. Everything is checked before anything is stored.
   */
  async publish(caller: CallerContext, input: PublishMappingVersionInput, correlationId: string): Promise<MappingVersion> {
    requireCallerRole(caller, CallerRoles.admin, 'publish a mapping version');
    const integrationId = parseIntegrationId(input.integrationId, 'input.integrationId');
    const definition = parseDefinition(input.definition);
    const comment = input.comment?.trim() || null;
    if (comment !== null && comment.length > MAX_COMMENT_LENGTH) {
      throw new MappingVersionException(
        MappingVersionExceptionCode.CommentTooLong,
        ErrorKind.BadUserInput,
        `input.comment must be at most ${MAX_COMMENT_LENGTH} characters (got ${comment.length})`,
        'input.comment',
      );
    }
    const version = await this.versions.publish(caller.tenantId, {
      integrationId,
      definition,
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
    return toMappingVersion(version);
  }
}

/** The definition, or an error naming the first bad field (`input.definition.fieldMaps.0.direction`) and why. */
function parseDefinition(candidate: unknown): MappingDefinition {
  const parsed = mappingDefinitionSchema.safeParse(candidate);
  if (parsed.success) {
    return parsed.data;
  }
  const [issue] = parsed.error.issues;
  const field = ['input', 'definition', ...(issue?.path ?? []).map(String)].join('.');
  throw new MappingVersionException(
    MappingVersionExceptionCode.InvalidMappingDefinition,
    ErrorKind.BadUserInput,
    `${field} ${issue?.message ?? 'is invalid'}`,
    field,
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
