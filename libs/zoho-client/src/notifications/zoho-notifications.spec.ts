import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ZohoNotificationRejectedError } from '../errors/zoho-errors';
import { verifyZohoNotification } from './zoho-notifications-client';

const tokens = (channelId: string): string | undefined => (channelId === '1000000068001' ? 'TOKEN_FOR_VERIFICATION' : undefined);

describe('incoming notifications', () => {
  test('Zoho’s documented payload parses into typed ids and operation', () => {
    const notification = verifyZohoNotification(
      {
        server_time: 1718117126473,
        query_params: {},
        module: 'Leads',
        resource_uri: 'https://www.zohoapis.com/crm/v2/Leads',
        ids: ['5725767000003000064', '5725767000003000065'],
        affected_fields: [{ '5725767000003000064': ['Last_Name', 'Email'] }],
        operation: 'update',
        channel_id: '1000000068001',
        token: 'TOKEN_FOR_VERIFICATION',
      },
      tokens,
    );
    assert.deepEqual(notification, {
      channelId: '1000000068001',
      module: 'Leads',
      operation: 'update',
      ids: ['5725767000003000064', '5725767000003000065'],
      serverTime: 1718117126473,
      affectedFields: { '5725767000003000064': ['Last_Name', 'Email'] },
      affectedValues: null,
    });
  });

  test('unknown channels, wrong tokens and malformed payloads are rejected naming the field', () => {
    const base = {
      server_time: 1,
      module: 'Leads',
      ids: ['1'],
      operation: 'insert',
      channel_id: '1000000068001',
      token: 'TOKEN_FOR_VERIFICATION',
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, channel_id: '999' }, 'channel_id'],
      [{ ...base, token: 'TOKEN_FOR_VERIFICATIOX' }, 'token'],
      [{ ...base, token: 'short' }, 'token'],
      [{ ...base, operation: 'merge' }, 'operation'],
      [{ ...base, ids: ['1 or 1'] }, 'ids'],
      [{ ...base, server_time: 'yesterday' }, 'server_time'],
    ];
    for (const [payload, field] of cases) {
      assert.throws(
        () => verifyZohoNotification(payload, tokens),
        (error: unknown) => error instanceof ZohoNotificationRejectedError && error.field === field,
        field,
      );
    }
  });
});
