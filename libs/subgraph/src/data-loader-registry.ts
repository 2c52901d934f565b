import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders, created lazily by name. A registry lives in one request's context, so
 * batching and caching never cross requests (or tenants). Entity reference resolvers use it
 * because the gateway sends one `_entities` call with every representation, duplicates included.
 */
export class DataLoaderRegistry {
  // Each name is bound to one key/value type by its caller; the map itself cannot express that.
  private readonly loaders = new Map<string, unknown>();

  loader<TKey, TValue>(
    name: string,
    batchLoad: (keys: readonly TKey[]) => Promise<ReadonlyArray<TValue | Error>>,
  ): DataLoader<TKey, TValue> {
    const existing = this.loaders.get(name) as DataLoader<TKey, TValue> | undefined;
    if (existing) {
      return existing;
    }
    const loader = new DataLoader<TKey, TValue>(batchLoad);
    this.loaders.set(name, loader);
    return loader;
  }
}

/**
 * Returns `rows` re-ordered to match `keys` (DataLoader's contract), with `null` for keys that
 * matched no row.
 */
export function alignRowsToKeys<TKey, TRow>(keys: readonly TKey[], rows: readonly TRow[], keyOf: (row: TRow) => TKey): (TRow | null)[] {
  const byKey = new Map<TKey, TRow>();
  for (const row of rows) {
    byKey.set(keyOf(row), row);
  }
  return keys.map((key) => byKey.get(key) ?? null);
}
