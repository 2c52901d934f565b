import type { MappingDefinition, ZohoValue } from '@crm-bridge/sync-domain';

/** Zoho's answer refusing one record, as zoho-client reports it. */
export interface ZohoRefusal {
  /** Zoho's code, e.g. `MANDATORY_NOT_FOUND`, `INVALID_DATA`, `DUPLICATE_DATA`. */
  readonly code: string;
  /** `details.api_name`: the Zoho field at fault, when Zoho named one. */
  readonly zohoField: string | null;
  /** Zoho's own message, e.g. `Pipeline doesn't contain the Stage`. */
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A refusal in words a sales-ops person acts on, with the portal field at fault when there is one. */
export interface ReadableRefusal {
  readonly field: string | null;
  readonly reason: string;
}

/** Zoho's stage and pipeline come from the stage mappings, so they are the portal's phase and pipeline. */
const STAGE_OWNED: Readonly<Record<string, string>> = { Stage: 'phase', Pipeline: 'pipeline' };

/**
 * Says why Zoho refused to write a deal, naming the Zoho field, the portal field the mapping fills
 * it from and the value sent: e.g. `Zoho requires Deal_Name and no portal field maps to it`, or
 * `Zoho refused "Platinum" for Lead_Source (portal field tier): not one of its picklist values`.
 * `payload` is what was sent for the record (null when unknown).
 */
export function readableZohoRefusal(
  refusal: ZohoRefusal,
  definition: Pick<MappingDefinition, 'fieldMappings' | 'zohoDefaults'>,
  payload: Readonly<Record<string, ZohoValue>> | null,
): ReadableRefusal {
  const zohoField = refusal.zohoField;
  const portalField = zohoField === null ? null : portalFieldOf(zohoField, definition);
  const fieldText = zohoField === null ? 'the deal' : portalField ? `${zohoField} (portal field ${portalField})` : zohoField;
  const sent = zohoField !== null && payload && Object.hasOwn(payload, zohoField) ? payload[zohoField] : undefined;
  const sentText = sent === undefined || sent === null ? null : quoted(sent);

  switch (refusal.code) {
    case 'MANDATORY_NOT_FOUND':
      if (zohoField === null) {
        return { field: null, reason: `Zoho refused the deal: a field it requires has no value (${refusal.message})` };
      }
      return {
        field: portalField,
        reason: portalField
          ? `Zoho requires ${zohoField} and portal field ${portalField} has no value`
          : `Zoho requires ${zohoField} and no portal field maps to it: map one to it or give it a default in the mapping`,
      };
    case 'INVALID_DATA': {
      if (zohoField === 'Stage' && /pipeline/i.test(refusal.message)) {
        const pipeline = payload?.['Pipeline'];
        return {
          field: 'phase',
          reason: `Zoho refused stage ${sentText ?? 'of the deal'}: it is not a stage of pipeline ${pipeline === undefined || pipeline === null ? 'of the deal' : quoted(pipeline)} (check the stage mapping)`,
        };
      }
      const expected = refusal.details['expected_data_type'];
      const maximumLength = refusal.details['maximum_length'];
      const refused = `Zoho refused ${sentText ?? 'the value'} for ${fieldText}`;
      if (expected === 'picklist' || expected === 'multiselectpicklist' || /picklist/i.test(refusal.message)) {
        return { field: portalField, reason: `${refused}: not one of its picklist values` };
      }
      if (typeof maximumLength === 'number') {
        return { field: portalField, reason: `${refused}: longer than the ${maximumLength} characters it takes` };
      }
      if (typeof expected === 'string') {
        return { field: portalField, reason: `${refused}: it takes a ${expected} value` };
      }
      return { field: portalField, reason: `${refused}: ${refusal.message}` };
    }
    case 'DUPLICATE_DATA': {
      const duplicate = refusal.details['duplicate_record'] as { id?: unknown } | undefined;
      const other = typeof duplicate?.id === 'string' ? ` (Zoho deal ${duplicate.id})` : '';
      return {
        field: portalField,
        reason: `Zoho refused ${sentText ?? 'the value'} for ${fieldText}: another Zoho deal${other} already has it and the field must be unique`,
      };
    }
    case 'DEPENDENT_FIELD_MISSING':
    case 'DEPENDENT_MISMATCH':
      return { field: portalField, reason: `Zoho refused ${fieldText}: it depends on another field's value (${refusal.message})` };
    case 'RECORD_LOCKED':
      return { field: null, reason: 'Zoho refused the change: the deal is locked in Zoho (e.g. awaiting approval)' };
    case 'INVALID_URL_PATTERN':
    case 'NOT_FOUND':
      return { field: null, reason: 'the Zoho deal this deal was linked to no longer exists' };
    default:
      return {
        field: portalField,
        reason: `Zoho refused ${zohoField === null ? 'the deal' : fieldText} (${refusal.code}): ${refusal.message}`,
      };
  }
}

/** The portal field a Zoho field is written from: the stage mappings own Stage and Pipeline. */
function portalFieldOf(zohoField: string, definition: Pick<MappingDefinition, 'fieldMappings'>): string | null {
  if (STAGE_OWNED[zohoField]) {
    return STAGE_OWNED[zohoField];
  }
  const mapping =
    definition.fieldMappings.find((candidate) => candidate.zohoField === zohoField && candidate.direction !== 'ZOHO_TO_PORTAL') ??
    definition.fieldMappings.find((candidate) => candidate.zohoField === zohoField);
  return mapping?.portalField ?? null;
}

function quoted(value: ZohoValue): string {
  if (Array.isArray(value)) {
    return `"${value.join(';')}"`;
  }
  if (typeof value === 'object' && value !== null) {
    return `"${(value as { id: string }).id}"`;
  }
  return `"${String(value)}"`;
}

/**
 * Why a whole batch could not be sent (nothing in it was refused for its own values): the
 * connection, Zoho's limits or Zoho itself. Every change of the batch stays queued.
 */
export function readableBatchFailure(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (name === 'ConnectionTokenError') {
    return code === 'CONNECTION_NOT_CONNECTED' || code === 'CONNECTION_NOT_FOUND'
      ? `the Zoho connection is not usable (${code}): reconnect Zoho; the changes stay queued until then`
      : `no Zoho access token could be had from auth-connector (${code ?? 'error'}: ${message}); the changes stay queued`;
  }
  switch (name) {
    case 'ZohoCreditBudgetError':
      return "Zoho's API credits for the last 24 hours are spent up to the integration's budget; the changes are sent as credits free up";
    case 'ZohoRateLimitError':
      return 'Zoho kept answering 429 Too Many Requests after retries; the changes are retried later';
    case 'ZohoAuthenticationError':
    case 'ZohoOAuthError':
      return `Zoho refused the connection's token (${code ?? name}): reconnect Zoho if this persists; the changes stay queued`;
    case 'ZohoPermissionError':
      return `the connected Zoho user may not write deals (${code ?? name}: ${message})`;
    case 'ZohoServerError':
    case 'ZohoNetworkError':
    case 'ZohoDeadlineError':
      return `Zoho could not be reached or failed after retries (${code ?? name}); the changes are retried later`;
    default:
      return `the call to Zoho failed (${code ?? name}: ${message}); the changes are retried later`;
  }
}
