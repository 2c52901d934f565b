import { CodedError } from '@crm-bridge/subgraph';

export enum ZohoNotificationExceptionCode {
  /** The body is not a Zoho notification; `field` names what is wrong. */
  InvalidNotification = 'INVALID_NOTIFICATION',
  /** Unknown channel or wrong token: the POST cannot be Zoho's. One code for both, so a caller learns nothing about which channels exist. */
  NotificationRefused = 'NOTIFICATION_REFUSED',
}

/** Errors of the notification endpoint. */
export class ZohoNotificationException extends CodedError<ZohoNotificationExceptionCode> {}
