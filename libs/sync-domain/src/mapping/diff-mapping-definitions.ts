import type { MappingChangeKind } from '@crm-bridge/vocabulary';
import type { MappingDefinition } from './mapping-definition';

/**
 * One difference between two mapping definitions. `path` names the part by what identifies it,
 * not by its position, so reordering is no change: `stageMappings['Standard (Standard)'].inbound['Closed Won']`,
 * `fieldMappings['Lead_Source'].valueMap['partner']`. `before` is absent for ADDED, `after` for REMOVED.
 */
export interface MappingChange {
  readonly path: string;
  readonly kind: MappingChangeKind;
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * What changed from `before` to `after`: pipelines selected or dropped, stage mappings per Zoho
 * stage (inbound) and per portal phase (outbound), on-create strategies, field mappings per Zoho
 * field and their value maps per portal value, defaults per Zoho field, and the match key. In the
 * order of `before`, with additions after, so the same two versions always give the same list.
 *
 * @example
 *   diffMappingDefinitions(v1, v2)
 *   // [{ path: "fieldMappings['Lead_Source'].valueMap['web']", kind: 'CHANGED', before: 'Web', after: 'Web Site' }]
 */
export function diffMappingDefinitions(before: MappingDefinition, after: MappingDefinition): MappingChange[] {
  return [
    ...diffKeyed(
      'stageMappings',
      before.stageMappings,
      after.stageMappings,
      (mapping) => mapping.zohoPipeline,
      (path, old, current) => [
        ...diffKeyed(
          `${path}.inbound`,
          old.inbound,
          current.inbound,
          (entry) => entry.zohoStage,
          (entryPath, oldEntry, currentEntry) => diffValue(entryPath, oldEntry.portalPhase, currentEntry.portalPhase),
          (entry) => entry.portalPhase,
        ),
        ...diffKeyed(
          `${path}.outbound`,
          old.outbound,
          current.outbound,
          (entry) => entry.portalPhase,
          (entryPath, oldEntry, currentEntry) => diffValue(entryPath, oldEntry.zohoStage, currentEntry.zohoStage),
          (entry) => entry.zohoStage,
        ),
        ...diffValue(`${path}.onCreate`, old.onCreate, current.onCreate),
      ],
    ),
    ...diffKeyed(
      'fieldMappings',
      before.fieldMappings,
      after.fieldMappings,
      (mapping) => mapping.zohoField,
      (path, old, current) => [
        ...diffValue(
          path,
          { portalField: old.portalField, direction: old.direction },
          { portalField: current.portalField, direction: current.direction },
        ),
        ...diffKeyed(
          `${path}.valueMap`,
          old.valueMap,
          current.valueMap,
          (entry) => entry.portalValue,
          (entryPath, oldEntry, currentEntry) => diffValue(entryPath, oldEntry.zohoValue, currentEntry.zohoValue),
          (entry) => entry.zohoValue,
        ),
      ],
    ),
    ...diffKeyed(
      'zohoDefaults',
      before.zohoDefaults,
      after.zohoDefaults,
      (fieldDefault) => fieldDefault.zohoField,
      (path, old, current) => diffValue(path, old.value, current.value),
      (fieldDefault) => fieldDefault.value,
    ),
    ...diffValue('matchKey', before.matchKey, after.matchKey),
  ];
}

/**
 * Pairs the items of two lists by key: an item on one side only is REMOVED or ADDED (as
 * `valueOf` shows it), a pair is compared by `compare`.
 */
function diffKeyed<TItem>(
  path: string,
  before: readonly TItem[],
  after: readonly TItem[],
  keyOf: (item: TItem) => string,
  compare: (path: string, before: TItem, after: TItem) => MappingChange[],
  valueOf: (item: TItem) => unknown = (item) => item,
): MappingChange[] {
  const afterByKey = new Map(after.map((item) => [keyOf(item), item]));
  const beforeKeys = new Set(before.map(keyOf));
  const itemPath = (key: string) => `${path}['${key}']`;
  return [
    ...before.flatMap((item): MappingChange[] => {
      const key = keyOf(item);
      const current = afterByKey.get(key);
      return current === undefined
        ? [{ path: itemPath(key), kind: 'REMOVED', before: valueOf(item) }]
        : compare(itemPath(key), item, current);
    }),
    ...after
      .filter((item) => !beforeKeys.has(keyOf(item)))
      .map((item): MappingChange => ({ path: itemPath(keyOf(item)), kind: 'ADDED', after: valueOf(item) })),
  ];
}

/** CHANGED when the two differ; values are plain data, compared by their JSON. */
function diffValue(path: string, before: unknown, after: unknown): MappingChange[] {
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, kind: 'CHANGED', before, after }];
}
