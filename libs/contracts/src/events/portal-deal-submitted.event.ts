import { z } from 'zod';

/** Longer than any UUID, ULID or `<system>:<id>` key a portal mints. */
const MAX_REQUEST_ID_LENGTH = 200;

const text = z.string({ required_error: 'is required', invalid_type_error: 'must be a string' });
const optionalText = text.nullable().optional();

/** A custom field value in its text form; null clears the field (as `DealCustomFieldInput`). */
const customFieldValueSchema = z.object({ apiName: text, value: optionalText }).strict();

/** The deal's own fields, shaped and named like the GraphQL `CreateDealInput` (without `integrationId`: the envelope's). */
const newDealInputSchema = z
  .object({
    name: text,
    phase: text,
    pipeline: optionalText,
    amount: optionalText,
    currencyCode: optionalText,
    closingDate: optionalText,
    accountId: optionalText,
    partnerId: optionalText,
    ownerId: optionalText,
    customFields: z.array(customFieldValueSchema).nullable().optional(),
  })
  // A misspelt field must not be dropped silently: the event does not match the contract.
  .strict();

/** Like `UpdateDealInput`: a field left out keeps its value, null clears an optional one. */
const dealChangesInputSchema = newDealInputSchema
  .extend({ id: text.min(1, 'must be a deal id'), name: optionalText, phase: optionalText })
  .strict();

const requestIdSchema = text
  .min(1, 'must be a non-empty request id')
  .max(MAX_REQUEST_ID_LENGTH, `must be at most ${MAX_REQUEST_ID_LENGTH} characters`);

/**
 * A portal asks sync-engine to create, update or delete one of its deals, instead of calling the
 * GraphQL mutations. `input` has the shape of the mutation's input and is checked by the same
 * rules; problem paths (`input.amount`, `input.customFields.2.value`) name its fields. `requestId`
 * is the portal's own idempotency key: a request is applied once however often it is published.
 * The envelope's `tenantId` and `integrationId` say whose deal it is; the `subject` is the deal id
 * (UPDATE, DELETE) or the request id (CREATE). Refusals come back as `portal-deal.rejected`.
 *
 * @example
 *   { requestId: 'crm-portal:req-8812', operation: 'CREATE', input: { name: 'Acme renewal', phase: 'Qualified', amount: '1250.00' } }
 *   { requestId: 'crm-portal:req-8813', operation: 'UPDATE', input: { id: '<deal id>', amount: null } }
 *   { requestId: 'crm-portal:req-8814', operation: 'DELETE', input: { id: '<deal id>' } }
 */
export const portalDealSubmittedDataSchema = z.discriminatedUnion('operation', [
  z.object({ requestId: requestIdSchema, operation: z.literal('CREATE'), input: newDealInputSchema }).strict(),
  z.object({ requestId: requestIdSchema, operation: z.literal('UPDATE'), input: dealChangesInputSchema }).strict(),
  z
    .object({
      requestId: requestIdSchema,
      operation: z.literal('DELETE'),
      input: z.object({ id: text.min(1, 'must be a deal id') }).strict(),
    })
    .strict(),
]);

export type PortalDealSubmittedData = z.infer<typeof portalDealSubmittedDataSchema>;
