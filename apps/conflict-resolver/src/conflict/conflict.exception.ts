import { CodedError } from '@crm-bridge/subgraph';
import type { CustomValueProblemCode } from '../field-rules/custom-value-check';

export enum ConflictExceptionCode {
  ConflictNotFound = 'CONFLICT_NOT_FOUND',
  ConflictAlreadyResolved = 'CONFLICT_ALREADY_RESOLVED',
  ConflictCleared = 'CONFLICT_CLEARED',
  ValueRequired = 'VALUE_REQUIRED',
  ValueNotExpected = 'VALUE_NOT_EXPECTED',
  InvalidPortalRecordId = 'INVALID_PORTAL_RECORD_ID',
}

/** Errors of the conflict feature; `field` names the input field at fault. */
export class ConflictException extends CodedError<ConflictExceptionCode | CustomValueProblemCode> {}
