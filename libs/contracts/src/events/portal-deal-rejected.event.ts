import { z } from 'zod';
import { portalWriteOperationSchema } from '@crm-bridge/vocabulary';

/** One reason a request was refused; the same `{ code, path, message }` GraphQL lists in `extensions.problems`. */
const portalDealProblemSchema = z.object({
  code: z.string().min(1, 'must be a non-empty problem code'),
  path: z.string().min(1, 'must be a non-empty field path'),
  message: z.string().min(1, 'must be a non-empty reason'),
});

/**
 * sync-engine refused a `portal-deal.submitted` request and stored nothing: every problem, each
 * naming the field of the request's `input` (`input.amount`, `input.customFields.2.value`) or
 * `integrationId` (the envelope's), with a code and a readable reason. The envelope's `subject`
 * is the request id; its `correlationId` is the request's.
 *
 * @example
 *   { requestId: 'crm-portal:req-8812', operation: 'CREATE', dealId: null, submittedEventId: '…',
 *     problems: [{ code: 'INVALID_AMOUNT', path: 'input.amount', message: 'input.amount must be a decimal string …' }] }
 */
export const portalDealRejectedDataSchema = z.object({
  requestId: z.string().min(1, 'must be a non-empty request id'),
  operation: portalWriteOperationSchema,
  /** The deal id an UPDATE or DELETE named, as given; null for a CREATE. */
  dealId: z.string().nullable(),
  /** The `eventId` of the refused `portal-deal.submitted`. */
  submittedEventId: z.string().uuid('must be a UUID'),
  problems: z.array(portalDealProblemSchema).min(1, 'must name at least one problem'),
});

export type PortalDealRejectedData = z.infer<typeof portalDealRejectedDataSchema>;
