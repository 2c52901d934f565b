import { CodedError } from '@crm-bridge/subgraph';

export enum DealUpdatesExceptionCode {
  EventNoLongerRetained = 'EVENT_NO_LONGER_RETAINED',
}

/** Errors of the `dealUpdated` subscription; `field` names the argument at fault. */
export class DealUpdatesException extends CodedError<DealUpdatesExceptionCode> {}
