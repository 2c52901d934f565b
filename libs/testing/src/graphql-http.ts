/** A GraphQL response as sent over HTTP, plus the HTTP status. */
export interface GraphqlHttpResult<TData = Record<string, unknown>> {
  readonly status: number;
  readonly data?: TData | null;
  readonly errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
}

/** POSTs one GraphQL operation over real HTTP. */
export async function postGraphql<TData = Record<string, unknown>>(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphqlHttpResult<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...options.headers },
    body: JSON.stringify({ query, variables: options.variables ?? {} }),
  });
  const body = (await response.json()) as Omit<GraphqlHttpResult<TData>, 'status'>;
  return { status: response.status, ...body };
}

/**
 * `extensions.code` and `extensions.field` of a response's first error: what a `CodedError` tells
 * the client about bad input, for a test to compare in one `deepEqual`.
 */
export function firstErrorCodeAndField(result: GraphqlHttpResult<unknown>): { code: unknown; field: unknown } {
  const extensions = result.errors?.[0]?.extensions;
  return { code: extensions?.['code'], field: extensions?.['field'] };
}
