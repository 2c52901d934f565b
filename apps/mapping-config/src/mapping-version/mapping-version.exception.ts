import { CodedError } from '@crm-bridge/subgraph';

export enum MappingVersionExceptionCode {
  IntegrationNotFound = 'INTEGRATION_NOT_FOUND',
  CommentTooLong = 'COMMENT_TOO_LONG',
  MappingVersionNotFound = 'MAPPING_VERSION_NOT_FOUND',
  VersionsOfDifferentIntegrations = 'VERSIONS_OF_DIFFERENT_INTEGRATIONS',
}

/** Errors of the mapping-version feature; `field` names the input field at fault. */
export class MappingVersionException extends CodedError<MappingVersionExceptionCode> {}
