import { CodedError } from '@crm-bridge/subgraph';

export enum DealRegistrationExceptionCode {
  CollisionNotFound = 'REGISTRATION_COLLISION_NOT_FOUND',
  AlreadyDecided = 'REGISTRATION_COLLISION_ALREADY_DECIDED',
  HeldDealGone = 'HELD_DEAL_GONE',
  FirstDealGone = 'FIRST_DEAL_GONE',
  ReasonTooLong = 'REASON_TOO_LONG',
}

/** Refused registration decisions; `field` names the input field at fault (`input.collisionId`). */
export class DealRegistrationException extends CodedError<DealRegistrationExceptionCode> {}
