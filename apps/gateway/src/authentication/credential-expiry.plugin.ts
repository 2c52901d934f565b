import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { AuthenticatedGatewayContext } from './caller-authentication.plugin';
import { UserTokenExceptionCode } from './user-token.exception';

/** setTimeout's longest delay (about 24.8 days); a longer wait is armed again in steps of it. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Ends a user's subscription when the token it was opened with expires. The gateway verified the
 * token (and read its `exp`) when the operation started; from `exp` on the subscription stops
 * being valid: the client receives one last result with `USER_TOKEN_EXPIRED` and the subscription
 * completes, and the gateway closes its stream from the subgraph. graphql-ws connection params are
 * fixed for a socket's life, so a new operation on it is refused with the same code: the client
 * connects again with a fresh token to continue.
 *
 * A partner API key has no expiry; its revocation ends its subscriptions in the subgraph that holds
 * them (sync-engine's `dealUpdated` hears `api-key.revoked`).
 */
export function credentialExpiryPlugin(now: () => number = Date.now): GatewayPlugin {
  return {
    onSubscribe({ args }) {
      const expiresAt = (args.contextValue as AuthenticatedGatewayContext | undefined)?.credentialExpiresAt;
      if (!expiresAt) {
        return undefined;
      }
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) {
            setResult(endingAt(result, expiresAt, now));
          }
        },
      };
    },
  };
}

/**
 * `results` until `expiresAt`, then one result carrying `USER_TOKEN_EXPIRED` and the end; the
 * source is returned at that moment (or when the client leaves first), which ends it upstream.
 */
export function endingAt(
  results: AsyncIterable<ExecutionResult>,
  expiresAt: Date,
  now: () => number = Date.now,
): AsyncIterableIterator<ExecutionResult> {
  const source = results[Symbol.asyncIterator]();
  let expired = false;
  let finished = false;
  let wakeWaiting: (() => void) | null = null;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const remainingMs = expiresAt.getTime() - now();
    if (remainingMs <= 0) {
      expired = true;
      wakeWaiting?.();
      return;
    }
    timer = setTimeout(arm, Math.min(remainingMs, LONGEST_TIMER_MS));
  };
  arm();
  const finish = async () => {
    finished = true;
    clearTimeout(timer);
    await source.return?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<ExecutionResult>> {
      if (finished) {
        return { value: undefined, done: true };
      }
      if (!expired) {
        const arrived = await new Promise<IteratorResult<ExecutionResult> | null>((resolve, reject) => {
          wakeWaiting = () => resolve(null);
          source.next().then(resolve, reject);
        });
        wakeWaiting = null;
        if (arrived !== null && (arrived.done || !expired)) {
          if (arrived.done) {
            finished = true;
            clearTimeout(timer);
          }
          return arrived;
        }
      }
      // The source may wait for its next event for a long time: returning it is what stops it.
      await finish();
      return { value: tokenExpired(expiresAt), done: false };
    },
    async return(): Promise<IteratorResult<ExecutionResult>> {
      await finish();
      return { value: undefined, done: true };
    },
    async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
      await finish();
      throw error;
    },
  };
}

function tokenExpired(expiresAt: Date): ExecutionResult {
  return {
    errors: [
      new GraphQLError(
        `The token this subscription was opened with expired at ${expiresAt.toISOString()}: connect again with a new token to continue`,
        { extensions: { code: UserTokenExceptionCode.Expired, http: { status: 401 } } },
      ),
    ],
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
