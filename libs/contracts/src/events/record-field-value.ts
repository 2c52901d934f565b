import { z } from 'zod';

/**
 * One field's value as sync compares it (`@crm-bridge/sync-domain` `CanonicalValue`): a string
 * (decimals and dates included, as strings), a number, a boolean, a list of strings (a
 * multi-select picklist), or null when the field has no value.
 */
export const recordFieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export type RecordFieldValue = z.infer<typeof recordFieldValueSchema>;
