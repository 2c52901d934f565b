import { CodedError } from '@crm-bridge/subgraph';

export enum DealExceptionCode {
  DealNotFound = 'DEAL_NOT_FOUND',
  IntegrationNotFound = 'INTEGRATION_NOT_FOUND',
  NameRequired = 'NAME_REQUIRED',
  ValueTooLong = 'VALUE_TOO_LONG',
  PhaseNotInSchema = 'PHASE_NOT_IN_SCHEMA',
  InvalidAmount = 'INVALID_AMOUNT',
  InvalidCurrencyCode = 'INVALID_CURRENCY_CODE',
  InvalidClosingDate = 'INVALID_CLOSING_DATE',
  CustomFieldNotDeclared = 'CUSTOM_FIELD_NOT_DECLARED',
  DuplicateCustomField = 'DUPLICATE_CUSTOM_FIELD',
  CustomFieldTypeMismatch = 'CUSTOM_FIELD_TYPE_MISMATCH',
}

/**
 * Errors of the deal feature; `field` names the input field at fault (`input.id`). The input codes
 * are also the codes of the problems an `InputProblemsException` lists (`deal-input.validation.ts`).
 */
export class DealException extends CodedError<DealExceptionCode> {}
