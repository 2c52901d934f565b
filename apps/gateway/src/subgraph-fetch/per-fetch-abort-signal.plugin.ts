import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * Gives every subgraph fetch an abort signal of its own, aborted when the HTTP executor's shared
 * signal is.
 *
 * Why: when the incoming request brings no signal (upstream cancellation is off), the HTTP
 * executor (`@graphql-tools/executor-http` 3.4) passes every fetch to a subgraph the same
 * executor-wide signal, which lives as long as the gateway and is aborted only when the executor
 * is disposed. Node's `http.request` and the response pipe each add an abort listener to the
 * signal they are given and remove it when the fetch ends, so that one signal carried two
 * listeners per in-flight fetch: 20 concurrent clients passed Node's limit of 10 and printed
 * `MaxListenersExceededWarning` (not a leak: the count fell back to 0 when idle, but it grew with
 * load and would have hidden a real leak). Now the shared signal has one listener, which aborts
 * the own signals of the fetches in flight; a fetch's signal goes away with the fetch.
 *
 * `AbortSignal.any([shared])` would do the same natively, but on Node 20 a long-lived source
 * signal keeps every dependant signal it ever had (heap grows by ~50 bytes per fetch).
 *
 * A fetch leaves the in-flight set when its response headers arrive; its body (a small JSON
 * answer the executor reads at once) is then no longer aborted by an executor disposal, which only
 * happens at shutdown, after the server has stopped taking requests.
 */
export function perFetchAbortSignalPlugin(): GatewayPlugin {
  const inFlightBySharedSignal = new WeakMap<AbortSignal, Set<AbortController>>();
  const inFlightFollowing = (shared: AbortSignal): Set<AbortController> => {
    const known = inFlightBySharedSignal.get(shared);
    if (known) {
      return known;
    }
    const inFlight = new Set<AbortController>();
    shared.addEventListener(
      'abort',
      () => {
        for (const controller of inFlight) {
          controller.abort(shared.reason);
        }
        inFlight.clear();
      },
      { once: true },
    );
    inFlightBySharedSignal.set(shared, inFlight);
    return inFlight;
  };
  return {
    onFetch(payload) {
      const { options, fetchFn } = payload;
      const shared = options.signal;
      if (!shared || shared.aborted) {
        return;
      }
      const own = new AbortController();
      const inFlight = inFlightFollowing(shared);
      inFlight.add(own);
      payload.setOptions({ ...options, signal: own.signal });
      payload.setFetchFn(async (...fetchArguments) => {
        try {
          return await fetchFn(...fetchArguments);
        } finally {
          inFlight.delete(own);
        }
      });
    },
  };
}
