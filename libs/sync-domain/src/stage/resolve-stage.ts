import type { MappingDefinition, StageMapping } from '../mapping/mapping-definition';

/** Why a deal's stage or phase was not translated. */
export const STAGE_SKIP_CODES = ['PIPELINE_NOT_SELECTED', 'STAGE_UNMAPPED', 'PHASE_UNMAPPED', 'NEW_DEAL_STAGE_UNKNOWN'] as const;
export type StageSkipCode = (typeof STAGE_SKIP_CODES)[number];

/** A deal in a pipeline the mapping does not select: sync ignores it (and counts it). */
export interface IgnoredDeal {
  readonly kind: 'IGNORED';
  readonly code: 'PIPELINE_NOT_SELECTED';
  readonly reason: string;
}

/** Where a Zoho deal's stage puts it in the portal. */
export type InboundPhaseResolution =
  | { readonly kind: 'MAPPED'; readonly portalPhase: string }
  /** The stage has no inbound mapping: the portal phase stays as it was, and sync reports the stage. */
  | { readonly kind: 'UNCHANGED'; readonly code: 'STAGE_UNMAPPED'; readonly reason: string }
  | IgnoredDeal;

/** The Zoho stage an existing deal's portal phase is written as. */
export type OutboundStageResolution =
  | { readonly kind: 'MAPPED'; readonly zohoStage: string }
  /** The phase has no outbound mapping: the Zoho stage stays as it was. */
  | { readonly kind: 'UNCHANGED'; readonly code: 'PHASE_UNMAPPED'; readonly reason: string }
  | IgnoredDeal;

/** The first Zoho stage of a deal created from the portal. */
export type NewDealStageResolution =
  | { readonly kind: 'MAPPED'; readonly zohoStage: string }
  /** Zoho needs a stage to create a deal: without one the deal is skipped and reported. */
  | { readonly kind: 'SKIPPED'; readonly code: 'NEW_DEAL_STAGE_UNKNOWN'; readonly reason: string }
  | IgnoredDeal;

/** A deal's pipeline (Zoho's display value, e.g. `Standard (Standard)`) and its stage. */
export interface ZohoDealStage {
  readonly zohoPipeline: string;
  readonly zohoStage: string;
}

/** A portal deal's pipeline (named as in Zoho) and its phase. */
export interface PortalDealPhase {
  readonly zohoPipeline: string;
  readonly portalPhase: string;
}

/**
 * Zoho stage → portal phase through the inbound map of the deal's pipeline.
 *
 * @example resolveInboundPhase(definition, { zohoPipeline: 'Standard (Standard)', zohoStage: 'Closed Won' })
 *   → { kind: 'MAPPED', portalPhase: 'Won' }
 */
export function resolveInboundPhase(definition: MappingDefinition, deal: ZohoDealStage): InboundPhaseResolution {
  const pipeline = selectedPipeline(definition, deal.zohoPipeline);
  if (pipeline === undefined) {
    return ignored(deal.zohoPipeline);
  }
  const mapped = pipeline.inbound.find((entry) => entry.zohoStage === deal.zohoStage);
  return mapped === undefined
    ? {
        kind: 'UNCHANGED',
        code: 'STAGE_UNMAPPED',
        reason: `Zoho stage '${deal.zohoStage}' of pipeline '${deal.zohoPipeline}' has no portal phase mapped; the phase is left unchanged`,
      }
    : { kind: 'MAPPED', portalPhase: mapped.portalPhase };
}

/** Portal phase → Zoho stage of an existing deal through the outbound map of its pipeline. */
export function resolveOutboundStage(definition: MappingDefinition, deal: PortalDealPhase): OutboundStageResolution {
  const pipeline = selectedPipeline(definition, deal.zohoPipeline);
  if (pipeline === undefined) {
    return ignored(deal.zohoPipeline);
  }
  const mapped = outboundStageOf(pipeline, deal.portalPhase);
  return mapped === undefined
    ? {
        kind: 'UNCHANGED',
        code: 'PHASE_UNMAPPED',
        reason: `portal phase '${deal.portalPhase}' has no Zoho stage mapped in pipeline '${deal.zohoPipeline}'; the stage is left unchanged`,
      }
    : { kind: 'MAPPED', zohoStage: mapped };
}

/**
 * The first Zoho stage of a new portal deal, by its pipeline's on-create strategy: `STATIC` one
 * stage for every deal, `INFER` the stage its phase maps to outbound, `MANUAL` the stage the
 * strategy's own table gives its phase.
 */
export function resolveNewDealStage(definition: MappingDefinition, deal: PortalDealPhase): NewDealStageResolution {
  const pipeline = selectedPipeline(definition, deal.zohoPipeline);
  if (pipeline === undefined) {
    return ignored(deal.zohoPipeline);
  }
  const onCreate = pipeline.onCreate;
  let zohoStage: string | undefined;
  switch (onCreate.strategy) {
    case 'STATIC':
      zohoStage = onCreate.zohoStage;
      break;
    case 'INFER':
      zohoStage = outboundStageOf(pipeline, deal.portalPhase);
      break;
    case 'MANUAL':
      zohoStage = onCreate.stages.find((entry) => entry.portalPhase === deal.portalPhase)?.zohoStage;
      break;
  }
  return zohoStage === undefined
    ? {
        kind: 'SKIPPED',
        code: 'NEW_DEAL_STAGE_UNKNOWN',
        reason: `pipeline '${deal.zohoPipeline}' gives a new deal in portal phase '${deal.portalPhase}' no Zoho stage (${onCreate.strategy})`,
      }
    : { kind: 'MAPPED', zohoStage };
}

function selectedPipeline(definition: MappingDefinition, zohoPipeline: string): StageMapping | undefined {
  return definition.stageMappings.find((pipeline) => pipeline.zohoPipeline === zohoPipeline);
}

function outboundStageOf(pipeline: StageMapping, portalPhase: string): string | undefined {
  return pipeline.outbound.find((entry) => entry.portalPhase === portalPhase)?.zohoStage;
}

function ignored(zohoPipeline: string): IgnoredDeal {
  return { kind: 'IGNORED', code: 'PIPELINE_NOT_SELECTED', reason: `pipeline '${zohoPipeline}' is not selected in the mapping` };
}
