import { CodedError } from '@crm-bridge/subgraph';

export enum DealUpdatesExceptionCode {
  EventNoLongerRetained = 'EVENT_NO_LONGER_RETAINED',
  /** The partner API key the subscription was opened with has been revoked: the subscription ends with it. */
  ApiKeyRevoked = 'API_KEY_REVOKED',
}

/** Errors of the `dealUpdated` subscription; `field` names the argument at fault. */
export class DealUpdatesException extends CodedError<DealUpdatesExceptionCode> {}
