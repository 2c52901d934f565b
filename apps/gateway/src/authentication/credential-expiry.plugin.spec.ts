import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecutionResult } from 'graphql';
import { endingAt } from './credential-expiry.plugin';

/** A subscription's results as a subgraph stream gives them: pushed by the test, returned by the consumer. */
function stream() {
  const queued: ExecutionResult[] = [];
  let waiting: ((result: IteratorResult<ExecutionResult>) => void) | null = null;
  const state = { returned: false };
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      if (state.returned) {
        return Promise.resolve({ value: undefined, done: true });
      }
      const result = queued.shift();
      return result ? Promise.resolve({ value: result, done: false }) : new Promise((resolve) => (waiting = resolve));
    },
    return() {
      state.returned = true;
      waiting?.({ value: undefined, done: true });
      return Promise.resolve({ value: undefined, done: true });
    },
  };
  const push = (result: ExecutionResult) => {
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve({ value: result, done: false });
    } else {
      queued.push(result);
    }
  };
  return { iterator, push, state };
}

const codeOf = (result: IteratorResult<ExecutionResult>) => (result.done ? 'done' : result.value.errors?.[0]?.extensions['code']);

test('a subscription passes its results until the token expires, then ends with USER_TOKEN_EXPIRED and returns its source', async () => {
  const source = stream();
  const startedAt = Date.now();
  const expiresAt = new Date(startedAt + 300);
  const results = endingAt(source.iterator, expiresAt);
  source.push({ data: { n: 1 } });
  assert.deepEqual(await results.next(), { value: { data: { n: 1 } }, done: false });

  const last = await results.next();
  const endedAfterMs = Date.now() - startedAt;
  assert.equal(codeOf(last), 'USER_TOKEN_EXPIRED');
  assert.ok(endedAfterMs >= 290 && endedAfterMs < 1_000, `ended ${endedAfterMs} ms after the start, at exp`);
  assert.ok(!last.done);
  assert.match(last.value.errors?.[0]?.message ?? '', new RegExp(`expired at ${expiresAt.toISOString()}: connect again with a new token`));
  assert.equal(source.state.returned, true, 'the subgraph stream is closed');
  source.push({ data: { n: 2 } });
  assert.deepEqual(await results.next(), { value: undefined, done: true });
});

test('a token already expired ends the subscription at once; one leaving before expiry closes its source without an error', async () => {
  const expired = stream();
  const results = endingAt(expired.iterator, new Date(Date.now() - 1));
  expired.push({ data: { n: 1 } });
  assert.equal(codeOf(await results.next()), 'USER_TOKEN_EXPIRED');
  assert.equal(expired.state.returned, true);

  const leaving = stream();
  const left = endingAt(leaving.iterator, new Date(Date.now() + 60_000));
  assert.deepEqual(await left.return?.(), { value: undefined, done: true });
  assert.equal(leaving.state.returned, true);
  assert.deepEqual(await left.next(), { value: undefined, done: true });
});

test('an expiry beyond the longest timer is waited for, not taken as now', async () => {
  let nowMs = Date.now();
  const source = stream();
  const thirtyDaysMs = 30 * 86_400_000;
  const results = endingAt(source.iterator, new Date(nowMs + thirtyDaysMs), () => nowMs);
  const next = results.next();
  const outcome = await Promise.race([next.then(codeOf), new Promise((resolve) => setTimeout(() => resolve('still open'), 100))]);
  assert.equal(outcome, 'still open');
  source.push({ data: { n: 1 } });
  assert.deepEqual(await next, { value: { data: { n: 1 } }, done: false });
  nowMs += thirtyDaysMs;
  await results.return?.();
});
