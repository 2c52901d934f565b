import { CodedError } from '@crm-bridge/subgraph';

export enum SyncRunExceptionCode {
  InvalidPortalRecordId = 'INVALID_PORTAL_RECORD_ID',
  InvalidZohoRecordId = 'INVALID_ZOHO_RECORD_ID',
  InvalidZohoErrorCode = 'INVALID_ZOHO_ERROR_CODE',
}

/** Refused arguments of the sync run and issue lists; `field` names the argument. */
export class SyncRunException extends CodedError<SyncRunExceptionCode> {}
