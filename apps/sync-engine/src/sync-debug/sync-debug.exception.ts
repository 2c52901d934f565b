import { CodedError } from '@crm-bridge/subgraph';

export enum SyncDebugExceptionCode {
  IntegrationNotFound = 'INTEGRATION_NOT_FOUND',
  InvalidDebugHours = 'INVALID_DEBUG_HOURS',
}

/** Refused debug-mode changes; `field` names the input field at fault (`input.hours`). */
export class SyncDebugException extends CodedError<SyncDebugExceptionCode> {}
