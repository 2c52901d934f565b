import { CodedError } from '@crm-bridge/subgraph';

export enum ConflictExceptionCode {
  InvalidIntegrationId = 'INVALID_INTEGRATION_ID',
}

/** Errors of the conflict feature (a sync conflict, not Nest's HTTP 409 `ConflictException`). */
export class ConflictException extends CodedError<ConflictExceptionCode> {}
