import { applyPortalToZoho, applyZohoToPortal, type ApplyContext, type FieldSkip } from '../apply/apply-mapping';
import type { MappingDefinition } from '../mapping/mapping-definition';
import { mergeFields, type FieldConflict } from '../merge/merge-fields';
import { sameCanonicalValue, type CanonicalValue, type CanonicalValues } from '../normalise/canonical-value';
import type { ZohoValue } from '../normalise/normalise-value';
import { resolveInboundPhase, resolveNewDealStage, resolveOutboundStage } from '../stage/resolve-stage';

/** The portal fields stage resolution owns; never a field mapping (the validator refuses them there). */
const PHASE = 'phase';
const PIPELINE = 'pipeline';
/** The portal field every new portal deal needs. */
const NAME = 'name';
/**
 * Prefix of the snapshot entries that keep Zoho's own reading of a field, where it reads back
 * differently from the portal value it was written from: a first stage chosen by a STATIC or MANUAL
 * on-create strategy, a stage or picklist value several portal values map to. Without it such a
 * write would look like a Zoho change on the next read. Portal field names cannot contain `:`.
 * The phase's reading is Zoho's stage itself, not the phase it reads as: several stages can read
 * as one phase, and a Zoho user moving the deal between two of them is a change.
 */
const ZOHO_READING = 'zoho:';

/** One deal as each side has it now, and as both had it at the last sync. */
export interface DealSides {
  /** The portal deal's canonical values (every portal field), or null when the portal has no such deal. */
  readonly portal: { readonly id: string; readonly values: CanonicalValues } | null;
  /** The Zoho deal as Zoho's API answered it (API names → values, with `Stage` and `Pipeline`), or null when Zoho has none. */
  readonly zoho: Readonly<Record<string, unknown>> | null;
  /** The last-synced snapshot of the pair; null when the two were never linked. */
  readonly snapshot: CanonicalValues | null;
}

/** Which ways the integration syncs deals now (settings, module direction). */
export interface DealSyncWays {
  readonly toZoho: boolean;
  readonly toPortal: boolean;
}

/** What to write to Zoho: a create or update carries only what changed (an update never rewrites a field Zoho changed). */
export type ZohoDealWrite =
  | { readonly kind: 'NONE' }
  | { readonly kind: 'CREATE' | 'UPDATE'; readonly payload: Readonly<Record<string, ZohoValue>> }
  | { readonly kind: 'DELETE' };

/** What to write to the portal, in canonical values by portal field name. */
export type PortalDealWrite =
  { readonly kind: 'NONE' } | { readonly kind: 'CREATE' | 'UPDATE'; readonly values: CanonicalValues } | { readonly kind: 'DELETE' };

/** Why part of a deal (a field) or all of it did not sync, naming the fields on both sides. */
export interface DealSyncNote {
  readonly code: string;
  /** The portal field at fault, when one is. */
  readonly field: string | null;
  readonly zohoField: string | null;
  readonly reason: string;
}

/**
 * The plan for one deal: `SYNC` (the writes, possibly none: an echo plans nothing), `IGNORED` (a
 * Zoho pipeline the mapping does not select: counted, nothing written) or `SKIPPED` (it cannot sync
 * as it is: `notes` say why).
 */
export interface DealReconciliation {
  readonly outcome: 'SYNC' | 'IGNORED' | 'SKIPPED';
  readonly zoho: ZohoDealWrite;
  readonly portal: PortalDealWrite;
  /** The snapshot once both writes are done; null when the pair's link ends. */
  readonly snapshot: CanonicalValues | null;
  /** The snapshot when only the portal write is done now and Zoho's is left for later (inbound sync). */
  readonly snapshotWithoutZohoWrite: CanonicalValues | null;
  /** The snapshot when only the Zoho write is done now and the portal's is left for later (outbound sync). */
  readonly snapshotWithoutPortalWrite: CanonicalValues | null;
  /** Fields both sides changed to different values: written on neither side, left for the conflict policy. */
  readonly conflicts: readonly FieldConflict[];
  /** Fields left out, and why the whole deal was skipped or ignored. */
  readonly notes: readonly DealSyncNote[];
}

/**
 * Brings one deal's portal and Zoho sides together against their last-synced snapshot (ARCHITECTURE
 * §6): a deal on one side only is created on the other (a new Zoho deal gets its first stage by the
 * pipeline's on-create strategy); a linked pair merges field by field (a field changed on one side
 * is written to the other; changed on both to different values, a conflict); a linked deal gone on
 * one side is deleted on the other. Only the ways the integration syncs are written; what is not
 * written stays at the snapshot's value, so it is tried again. Our own write coming back equals the
 * snapshot and plans nothing.
 *
 * All comparisons are in portal terms: the Zoho deal through the mapping (`applyZohoToPortal`), its
 * stage as the portal phase through its pipeline's stage mapping, its pipeline as `pipeline`.
 */
export function reconcileDeal(
  definition: MappingDefinition,
  context: ApplyContext,
  sides: DealSides,
  ways: DealSyncWays,
): DealReconciliation {
  const { portal, zoho, snapshot } = sides;
  if (snapshot === null) {
    if (portal && !zoho) {
      return ways.toZoho ? createInZoho(definition, context, portal) : nothing(null);
    }
    if (zoho && !portal) {
      return ways.toPortal ? createInPortal(definition, context, zoho) : nothing(null);
    }
    if (portal && zoho) {
      return mergePair(definition, context, portal, zoho, {}, ways);
    }
    return nothing(null);
  }
  if (portal && zoho) {
    return mergePair(definition, context, portal, zoho, snapshot, ways);
  }
  if (zoho && !portal) {
    return plan({ zoho: ways.toZoho ? { kind: 'DELETE' } : NONE, snapshot: null });
  }
  if (portal && !zoho) {
    return plan({ portal: ways.toPortal ? { kind: 'DELETE' } : NONE, snapshot: null });
  }
  return nothing(null);
}

/**
 * The portal fields `reconcileDeal` can find in conflict under `definition`: the phase and the
 * pipeline, and every field mapped both ways. A field mapped one way only is read from one side
 * only, so it cannot change on both; a field no mapping names is read from neither.
 */
export function conflictableDealFields(definition: MappingDefinition): ReadonlySet<string> {
  return new Set([
    PHASE,
    PIPELINE,
    ...definition.fieldMappings.filter((mapping) => mapping.direction === 'BOTH').map((mapping) => mapping.portalField),
  ]);
}

const NONE = { kind: 'NONE' } as const;

function plan(parts: Partial<DealReconciliation> & Pick<DealReconciliation, 'snapshot'>): DealReconciliation {
  return {
    outcome: 'SYNC',
    zoho: NONE,
    portal: NONE,
    snapshotWithoutZohoWrite: parts.snapshot,
    snapshotWithoutPortalWrite: parts.snapshot,
    conflicts: [],
    notes: [],
    ...parts,
  };
}

function nothing(snapshot: CanonicalValues | null): DealReconciliation {
  return plan({ snapshot });
}

function notPlanned(outcome: 'IGNORED' | 'SKIPPED', snapshot: CanonicalValues | null, notes: DealSyncNote[]): DealReconciliation {
  return { ...plan({ snapshot }), outcome, notes };
}

function createInZoho(definition: MappingDefinition, context: ApplyContext, portal: NonNullable<DealSides['portal']>): DealReconciliation {
  const zohoPipeline = pipelineOf(definition, portal.values[PIPELINE]);
  const stage = resolveNewDealStage(definition, { zohoPipeline, portalPhase: String(portal.values[PHASE]) });
  if (stage.kind !== 'MAPPED') {
    return notPlanned(stage.kind === 'IGNORED' ? 'IGNORED' : 'SKIPPED', null, [stageNote(stage.code, stage.reason)]);
  }
  const mapped = applyPortalToZoho(definition, portal, context, 'CREATE');
  const skippedFields = new Set(mapped.skipped.map((skip) => skip.field));
  const sent = omit(withStageOwnedFields(pick(portal.values, fieldsTowardsZoho(definition)), portal.values, zohoPipeline), skippedFields);
  const payload = { ...mapped.payload, Pipeline: zohoPipeline, Stage: stage.zohoStage };
  const readBack = zohoInPortalTerms(definition, context, payload);
  return plan({
    zoho: { kind: 'CREATE', payload },
    snapshot: withZohoReadings(sent, readBack, new Set(Object.keys(sent))),
    notes: mapped.skipped.map(fieldNote),
  });
}

function createInPortal(definition: MappingDefinition, context: ApplyContext, zoho: Readonly<Record<string, unknown>>): DealReconciliation {
  const incoming = zohoInPortalTerms(definition, context, zoho);
  if (incoming.ignored) {
    return notPlanned('IGNORED', null, incoming.notes);
  }
  if (!(PHASE in incoming.values)) {
    return notPlanned('SKIPPED', null, [
      ...incoming.notes,
      { code: 'STAGE_UNMAPPED', field: PHASE, zohoField: 'Stage', reason: `${incoming.stageReason}: a new portal deal needs a phase` },
    ]);
  }
  const name = incoming.values[NAME];
  if (name === undefined || name === null || name === '') {
    return notPlanned('SKIPPED', null, [
      ...incoming.notes,
      {
        code: 'MANDATORY_NOT_MAPPED',
        field: NAME,
        zohoField: null,
        reason: 'a new portal deal needs a name, and no Zoho field with a value maps to it',
      },
    ]);
  }
  return plan({ portal: { kind: 'CREATE', values: incoming.values }, snapshot: incoming.values, notes: incoming.notes });
}

function mergePair(
  definition: MappingDefinition,
  context: ApplyContext,
  portal: NonNullable<DealSides['portal']>,
  zoho: Readonly<Record<string, unknown>>,
  base: CanonicalValues,
  ways: DealSyncWays,
): DealReconciliation {
  const incoming = zohoInPortalTerms(definition, context, zoho);
  if (incoming.ignored) {
    return notPlanned('IGNORED', base, incoming.notes);
  }
  const zohoPipeline = pipelineOf(definition, portal.values[PIPELINE]);
  const portalSide = withStageOwnedFields(pick(portal.values, fieldsTowardsZoho(definition)), portal.values, zohoPipeline);
  const portalBase = portalValuesOf(base);
  const merge = mergeFields(portalBase, portalSide, zohoChangesOnly(definition, incoming, base));
  const notes: DealSyncNote[] = [...incoming.notes];
  const unwritten = new Set<string>();

  let zohoWrite: ZohoDealWrite = NONE;
  const toZoho = Object.keys(merge.toZoho);
  if (toZoho.length > 0 && !ways.toZoho) {
    toZoho.forEach((field) => unwritten.add(field));
  } else if (toZoho.length > 0) {
    const changed = pick(portal.values, new Set(toZoho.filter((field) => field !== PHASE && field !== PIPELINE)));
    const mapped = applyPortalToZoho(definition, { id: portal.id, values: changed }, context, 'UPDATE');
    mapped.skipped.forEach((skip) => {
      unwritten.add(skip.field);
      notes.push(fieldNote(skip));
    });
    const payload: Record<string, ZohoValue> = { ...mapped.payload };
    if (PHASE in merge.toZoho || PIPELINE in merge.toZoho) {
      const stage = resolveOutboundStage(definition, { zohoPipeline, portalPhase: String(portalSide[PHASE]) });
      if (stage.kind === 'MAPPED') {
        payload['Stage'] = stage.zohoStage;
        payload['Pipeline'] = zohoPipeline;
      } else {
        [PHASE, PIPELINE].forEach((field) => unwritten.add(field));
        notes.push(stageNote(stage.code, stage.reason));
      }
    }
    const matchKeyOnly = definition.matchKey.kind === 'EXTERNAL_ID' ? [definition.matchKey.zohoField] : [];
    if (Object.keys(payload).some((field) => !matchKeyOnly.includes(field))) {
      zohoWrite = { kind: 'UPDATE', payload };
    }
  }

  let portalWrite: PortalDealWrite = NONE;
  const toPortal = Object.keys(merge.toPortal);
  if (toPortal.length > 0 && !ways.toPortal) {
    toPortal.forEach((field) => unwritten.add(field));
  } else if (toPortal.length > 0) {
    portalWrite = { kind: 'UPDATE', values: merge.toPortal };
  }

  // What Zoho will read back for the fields we write there, in portal terms.
  const readBack = zohoWrite.kind === 'UPDATE' ? zohoInPortalTerms(definition, context, { ...zoho, ...zohoWrite.payload }) : NO_READINGS;
  const writtenToZoho = new Set(toZoho.filter((field) => !unwritten.has(field)));
  const writtenToPortal = new Set(toPortal.filter((field) => !unwritten.has(field)));
  // Fields both sides hold alike now; a conflict keeps its base in `merged` but is not agreed (its Zoho reading stays).
  const conflicting = new Set(merge.conflicts.map((conflict) => conflict.field));
  const agreed = new Set(
    Object.keys(merge.merged).filter(
      (field) => !Object.hasOwn(merge.toZoho, field) && !Object.hasOwn(merge.toPortal, field) && !conflicting.has(field),
    ),
  );
  const next = (zohoDone: boolean, portalDone: boolean): CanonicalValues => {
    const notDone = new Set([...unwritten, ...(zohoDone ? [] : writtenToZoho), ...(portalDone ? [] : writtenToPortal)]);
    const values = withBaseFor(merge.merged, portalBase, notDone);
    // Zoho's readings: kept where nothing was written, renewed where we wrote Zoho, gone where both sides now hold Zoho's value.
    const readings: Record<string, CanonicalValue> = {};
    for (const [key, reading] of Object.entries(base)) {
      const field = key.slice(ZOHO_READING.length);
      const settled =
        (portalDone && writtenToPortal.has(field)) ||
        (zohoDone && writtenToZoho.has(field)) ||
        (agreed.has(field) && changedOnBothSides(field));
      if (key.startsWith(ZOHO_READING) && !settled) {
        readings[key] = reading;
      }
    }
    return { ...withZohoReadings(values, zohoDone ? readBack : NO_READINGS, zohoDone ? writtenToZoho : new Set()), ...readings };
  };
  const changedOnBothSides = (field: string): boolean =>
    !sameCanonicalValue(portalBase[field], portalSide[field]) && Object.hasOwn(incoming.values, field);
  return {
    outcome: 'SYNC',
    zoho: zohoWrite,
    portal: portalWrite,
    snapshot: next(true, true),
    snapshotWithoutZohoWrite: next(false, true),
    snapshotWithoutPortalWrite: next(true, false),
    conflicts: merge.conflicts,
    notes,
  };
}

/** A Zoho deal in portal terms, and Zoho's own reading of each field (its stage for the phase). */
interface ZohoInPortalTerms {
  readonly values: CanonicalValues;
  readonly readings: CanonicalValues;
}

const NO_READINGS: ZohoInPortalTerms = { values: {}, readings: {} };

/** The Zoho deal in portal terms: mapped fields, its stage as the phase (when mapped), its pipeline. */
function zohoInPortalTerms(
  definition: MappingDefinition,
  context: ApplyContext,
  zoho: Readonly<Record<string, unknown>>,
): ZohoInPortalTerms & { ignored: boolean; notes: DealSyncNote[]; stageReason: string } {
  const zohoPipeline = zohoPipelineName(zoho['Pipeline']) ?? pipelineOf(definition, null);
  const stage = typeof zoho['Stage'] === 'string' ? zoho['Stage'] : '';
  const phase = resolveInboundPhase(definition, { zohoPipeline, zohoStage: stage });
  if (phase.kind === 'IGNORED') {
    return { ignored: true, ...NO_READINGS, notes: [stageNote(phase.code, phase.reason)], stageReason: phase.reason };
  }
  const mapped = applyZohoToPortal(definition, zoho, context);
  const notes = mapped.skipped.map(fieldNote);
  const values: Record<string, CanonicalValue> = { ...mapped.values, [PIPELINE]: zohoPipeline };
  if (phase.kind === 'MAPPED') {
    values[PHASE] = phase.portalPhase;
  } else {
    notes.push(stageNote(phase.code, phase.reason));
  }
  const readings = PHASE in values ? { ...values, [PHASE]: stage } : values;
  return { ignored: false, values, readings, notes, stageReason: phase.kind === 'MAPPED' ? '' : phase.reason };
}

/** Zoho answers `Pipeline` as its name, or (some versions) as `{ name, id }`. */
function zohoPipelineName(raw: unknown): string | null {
  if (typeof raw === 'string' && raw !== '') {
    return raw;
  }
  if (raw !== null && typeof raw === 'object' && typeof (raw as { name?: unknown }).name === 'string') {
    return (raw as { name: string }).name;
  }
  return null;
}

/** A deal's Zoho pipeline: its own, else the first selected one (a portal with one pipeline leaves it empty). */
function pipelineOf(definition: MappingDefinition, pipeline: CanonicalValue | undefined): string {
  return typeof pipeline === 'string' && pipeline !== '' ? pipeline : (definition.stageMappings[0]?.zohoPipeline ?? '');
}

/** The portal fields a field mapping writes towards Zoho. */
function fieldsTowardsZoho(definition: MappingDefinition): Set<string> {
  return new Set(
    definition.fieldMappings.filter((mapping) => mapping.direction !== 'ZOHO_TO_PORTAL').map((mapping) => mapping.portalField),
  );
}

/** A snapshot's portal-side values, without Zoho's readings. */
function portalValuesOf(snapshot: CanonicalValues): CanonicalValues {
  return Object.fromEntries(Object.entries(snapshot).filter(([key]) => !key.startsWith(ZOHO_READING)));
}

/**
 * The Zoho side as the merge sees it: a field whose value is still what Zoho read at the last sync
 * (its reading, or the snapshot's value) is unchanged — given as the snapshot's portal value — and
 * only a real Zoho change differs from the base.
 */
function zohoChangesOnly(definition: MappingDefinition, incoming: ZohoInPortalTerms, snapshot: CanonicalValues): CanonicalValues {
  const result: Record<string, CanonicalValue> = {};
  for (const [field, value] of Object.entries(incoming.values)) {
    const unchanged = Object.hasOwn(snapshot, ZOHO_READING + field)
      ? sameReading(definition, field, snapshot[ZOHO_READING + field], incoming, snapshot)
      : sameCanonicalValue(snapshot[field], value);
    result[field] = unchanged && Object.hasOwn(snapshot, field) ? (snapshot[field] as CanonicalValue) : value;
  }
  return result;
}

/**
 * Whether Zoho still reads `field` as it did at the last sync. A phase reading that names no stage
 * of the deal's pipeline is a phase, as snapshots written before readings kept the stage hold it:
 * compared as the phase the stage reads as.
 */
function sameReading(
  definition: MappingDefinition,
  field: string,
  reading: CanonicalValue | undefined,
  incoming: ZohoInPortalTerms,
  snapshot: CanonicalValues,
): boolean {
  if (sameCanonicalValue(reading, incoming.readings[field])) {
    return true;
  }
  const keptAsPhase = field === PHASE && !stagesOf(definition, String(snapshot[PIPELINE] ?? '')).has(String(reading));
  return keptAsPhase && sameCanonicalValue(reading, incoming.values[field]);
}

/** Every Zoho stage the stage mapping of `zohoPipeline` names. */
function stagesOf(definition: MappingDefinition, zohoPipeline: string): Set<string> {
  const mapping = definition.stageMappings.find((candidate) => candidate.zohoPipeline === pipelineOf(definition, zohoPipeline));
  const onCreate = mapping?.onCreate;
  return new Set([
    ...(mapping?.inbound.map((entry) => entry.zohoStage) ?? []),
    ...(mapping?.outbound.map((entry) => entry.zohoStage) ?? []),
    ...(onCreate?.strategy === 'STATIC' ? [onCreate.zohoStage] : []),
    ...(onCreate?.strategy === 'MANUAL' ? onCreate.stages.map((entry) => entry.zohoStage) : []),
  ]);
}

/** `values` plus, for each of `fields` Zoho reads back differently, its reading under `zoho:<field>`. */
function withZohoReadings(values: CanonicalValues, readBack: ZohoInPortalTerms, fields: ReadonlySet<string>): CanonicalValues {
  const readings = Object.fromEntries(
    [...fields]
      .filter((field) => Object.hasOwn(readBack.values, field) && !sameCanonicalValue(readBack.values[field], values[field]))
      .map((field) => [ZOHO_READING + field, readBack.readings[field] as CanonicalValue]),
  );
  return { ...values, ...readings };
}

function withStageOwnedFields(values: CanonicalValues, all: CanonicalValues, zohoPipeline: string): CanonicalValues {
  return { ...values, [PHASE]: all[PHASE] ?? null, [PIPELINE]: zohoPipeline };
}

function pick(values: CanonicalValues, fields: ReadonlySet<string>): CanonicalValues {
  return Object.fromEntries(Object.entries(values).filter(([field]) => fields.has(field)));
}

function omit(values: CanonicalValues, fields: ReadonlySet<string>): CanonicalValues {
  return Object.fromEntries(Object.entries(values).filter(([field]) => !fields.has(field)));
}

/** `values` with `fields` set back to their base value (or left out when the base has none). */
function withBaseFor(values: CanonicalValues, base: CanonicalValues, fields: ReadonlySet<string>): CanonicalValues {
  const result: Record<string, CanonicalValue> = { ...values };
  for (const field of fields) {
    if (Object.hasOwn(base, field)) {
      result[field] = base[field] as CanonicalValue;
    } else {
      delete result[field];
    }
  }
  return result;
}

function fieldNote(skip: FieldSkip): DealSyncNote {
  return { code: skip.code, field: skip.field, zohoField: skip.zohoField, reason: skip.reason };
}

function stageNote(code: string, reason: string): DealSyncNote {
  return { code, field: PHASE, zohoField: 'Stage', reason };
}
