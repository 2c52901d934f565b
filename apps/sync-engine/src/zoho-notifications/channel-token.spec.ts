import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashChannelToken, newChannelId, newChannelToken, tokenMatches } from './channel-token';

describe('channel tokens', () => {
  test('a fresh token fits Zoho (≤ 50 characters), is random, and only its SHA-256 hash is kept', () => {
    const first = newChannelToken();
    const second = newChannelToken();
    assert.match(first.token, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(first.token, second.token);
    assert.equal(first.hash, hashChannelToken(first.token));
    assert.match(first.hash, /^[0-9a-f]{64}$/);
    assert.ok(!first.hash.includes(first.token));
  });

  test('a presented token matches one of the accepted hashes, and nothing else does', () => {
    const current = newChannelToken();
    const previous = newChannelToken();
    assert.equal(tokenMatches(current.token, [current.hash]), true);
    assert.equal(tokenMatches(previous.token, [current.hash, null, previous.hash]), true);
    assert.equal(tokenMatches(`${current.token}x`, [current.hash]), false);
    assert.equal(tokenMatches('', [current.hash]), false);
    assert.equal(tokenMatches(current.hash, [current.hash]), false, 'the hash itself is not the token');
    assert.equal(tokenMatches(current.token, [null, 'not-a-hash']), false);
  });

  test('channel ids are 18-digit longs', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newChannelId()));
    assert.equal(ids.size, 100);
    for (const id of ids) {
      assert.match(id, /^[1-9]\d{17}$/);
    }
  });
});
