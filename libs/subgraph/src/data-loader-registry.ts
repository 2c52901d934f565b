import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders, created lazily by name. A registry lives in one request's context, so
 * batching and caching never cross requests (or tenants). Entity reference resolvers use it
 * because the gateway sends one `_entities` call with every representation, duplicates included.
 */
export class DataLoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  loader<TKey, TValue>(
    name: string,
    batchLoad: (keys: readonly TKey[]) => Promise<ReadonlyArray<TValue | Error>>,
  ): DataLoader<TKey, TValue> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<TKey, TValue>(batchLoad) as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<TKey, TValue>;
  }
}

/**
 * Returns `rows` re-ordered to match `keys` (DataLoader's contract), with `null` for keys that
 * matched no row.
 */
export function alignRowsToKeys<TKey, TRow>(keys: readonly TKey[], rows: readonly TRow[], keyOf: (row: TRow) => TKey): (TRow | null)[] {
  const byKey = new Map<TKey, TRow>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((key) => byKey.get(key) ?? null);
}
