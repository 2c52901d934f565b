import { ArgsType, ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { CodedError, ErrorKind } from './coded-error';

/** Relay `PageInfo`, shared by every connection type (and every subgraph, hence `@shareable`). */
@Directive('@shareable')
@ObjectType({ description: 'Relay page information' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** Largest page a client may ask for with `first`. */
export const MAX_PAGE_SIZE = 100;

/**
 * `first`/`after` of every Relay connection. Extend it for list-specific filters:
 *
 * @example
 *   @ArgsType() export class ListDealsArgs extends PageArgs { @Field(() => ID, { nullable: true }) integrationId?: string | null; }
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}` })
  first: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the previous page' })
  after?: string | null;
}

export enum PaginationExceptionCode {
  InvalidPageSize = 'INVALID_PAGE_SIZE',
  InvalidCursor = 'INVALID_CURSOR',
}

export class PaginationException extends CodedError<PaginationExceptionCode> {}

/** A decoded `after` cursor: rows are ordered by (createdAt, id) so pages are stable. */
export interface KeysetCursor {
  readonly createdAt: Date;
  readonly id: string;
}

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

/** Validates `first`/`after`; errors name the argument and say why. */
export function parsePageArguments(first: number, after: string | undefined | null): { limit: number; after: KeysetCursor | null } {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new PaginationException(
      PaginationExceptionCode.InvalidPageSize,
      ErrorKind.BadUserInput,
      `first must be between 1 and ${MAX_PAGE_SIZE}`,
      'first',
    );
  }
  if (after === undefined || after === null) {
    return { limit: first, after: null };
  }
  try {
    const decoded = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === 'string' && typeof decoded[1] === 'string') {
      const createdAt = new Date(decoded[0]);
      if (!Number.isNaN(createdAt.getTime())) {
        return { limit: first, after: { createdAt, id: decoded[1] } };
      }
    }
  } catch {
    // fall through to the error below
  }
  throw new PaginationException(
    PaginationExceptionCode.InvalidCursor,
    ErrorKind.BadUserInput,
    'after is not a cursor returned by this API',
    'after',
  );
}

/** What a repository returns for one page: `limit + 1` rows tell whether a next page exists. */
export function toConnection<TNode extends { createdAt: Date; id: string }>(rows: readonly TNode[], limit: number): Connection<TNode> {
  const nodes = rows.slice(0, limit);
  const last = nodes[nodes.length - 1];
  return {
    edges: nodes.map((node) => ({ cursor: encodeCursor(node), node })),
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? encodeCursor(last) : null },
  };
}

/** The shape of every `<Node>Connection` type. */
export interface Connection<TNode> {
  edges: { cursor: string; node: TNode }[];
  pageInfo: PageInfo;
  totalCount?: number;
}

/**
 * Builds the `<Node>Connection` and `<Node>Edge` object types for a node type, Relay style.
 *
 * @example
 *   export const DealConnection = ConnectionType(Deal);
 *   @Query(() => DealConnection) deals(...): Promise<Connection<Deal>> { ... }
 */
export function ConnectionType<TNode extends object>(nodeType: ClassType<TNode>): ClassType<Connection<TNode>> {
  @ObjectType(`${nodeType.name}Edge`)
  class Edge {
    @Field(() => String)
    cursor: string;

    @Field(() => nodeType)
    node: TNode;
  }

  @ObjectType(`${nodeType.name}Connection`)
  class NodeConnection implements Connection<TNode> {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { nullable: true, description: 'Total number of nodes, when cheap to count' })
    totalCount?: number;
  }
  return NodeConnection;
}
