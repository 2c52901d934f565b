import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { getOperationAST, type DocumentNode } from 'graphql';
import {
  SpanAttributes,
  SpanKind,
  SpanStatusCode,
  activeSpan,
  extractTraceContext,
  markSpanFailed,
  runInContext,
  startSpan,
  traceContextHeaders,
  type GraphqlOperationType,
  type ServiceMetrics,
} from '@crm-bridge/observability';

/**
 * Runs `handle` inside a SERVER span for one HTTP request to the GraphQL endpoint, continuing the
 * client's trace when it sent a valid `traceparent` (the W3C recommendation for an edge; sampling
 * stays parent-based). Ended when the response is finished.
 */
export function inGatewayRequestSpan(request: IncomingMessage, response: ServerResponse, route: string, handle: () => void): void {
  const { span, context } = startSpan(`${request.method ?? 'GET'} ${route}`, {
    kind: SpanKind.SERVER,
    parent: extractTraceContext(request.headers),
    attributes: { [SpanAttributes.httpRequestMethod]: request.method ?? 'GET', [SpanAttributes.httpRoute]: route },
  });
  response.on('finish', () => {
    span.setAttribute(SpanAttributes.httpResponseStatusCode, response.statusCode);
    if (response.statusCode >= 500) {
      markSpanFailed(span, new Error(`HTTP ${response.statusCode}`));
    }
    span.end();
  });
  runInContext(context, handle);
}

/**
 * GraphQL operation metrics (name, type, outcome, duration) and the operation's name and type on
 * the request's server span, which is renamed `<type> <name>` as the semantic conventions suggest.
 */
export function operationObservabilityPlugin(metrics: ServiceMetrics): GatewayPlugin {
  return {
    onExecute({ args }) {
      const startedAt = process.hrtime.bigint();
      const operationName = typeof args.operationName === 'string' ? args.operationName : undefined;
      const document = args.document as DocumentNode;
      const type = operationTypeOf(document, operationName);
      const name = operationName ?? getOperationAST(document, operationName)?.name?.value;
      const span = activeSpan();
      span?.updateName(`${type} ${name ?? 'anonymous'}`);
      span?.setAttributes({ [SpanAttributes.graphqlOperationName]: name ?? 'anonymous', [SpanAttributes.graphqlOperationType]: type });
      return {
        onExecuteDone({ result }) {
          const errors = (result as { errors?: unknown }).errors;
          const failed = Array.isArray(errors) && errors.length > 0;
          if (failed) {
            span?.setStatus({ code: SpanStatusCode.ERROR, message: 'GraphQL errors' });
          }
          metrics.recordGraphqlOperation(
            { name, type, outcome: failed ? 'error' : 'ok' },
            Number(process.hrtime.bigint() - startedAt) / 1e9,
          );
        },
      };
    },
  };
}

/**
 * A CLIENT span per subgraph HTTP request, and W3C `traceparent`/`tracestate` on it so the
 * subgraph's server span joins the trace.
 *
 * Set here, on the outgoing fetch, and not with the signed caller header on the execution
 * request: the executor merges identical in-flight subgraph requests by their headers, and a
 * per-request trace id there would stop all merging (ADR 0001). A merged fetch carries the trace
 * of the request that started it. With tracing off nothing is added.
 */
export function subgraphFetchTracingPlugin(): GatewayPlugin {
  return {
    onFetch(payload) {
      const { url, options, executionRequest } = payload;
      if (!executionRequest) {
        return undefined;
      } // supergraph polling and other internal fetches
      const subgraph = executionRequest.subgraphName ?? 'unknown';
      const { span, context } = startSpan(`${options.method ?? 'POST'} ${subgraph}`, {
        kind: SpanKind.CLIENT,
        attributes: {
          [SpanAttributes.httpRequestMethod]: options.method ?? 'POST',
          [SpanAttributes.urlFull]: url,
          [SpanAttributes.subgraphName]: subgraph,
        },
      });
      const traceHeaders = traceContextHeaders(context);
      if (Object.keys(traceHeaders).length > 0) {
        payload.setOptions({ ...options, headers: { ...options.headers, ...traceHeaders } });
      }
      // A fetch that fails outright (subgraph down, connection reset) never reaches the done hook
      // below; those are the failures an operator most needs to see, so the span ends here too.
      const fetchFn = payload.fetchFn;
      payload.setFetchFn(async (...fetchArguments) => {
        try {
          return await fetchFn(...fetchArguments);
        } catch (error) {
          markSpanFailed(span, error);
          span.end();
          throw error;
        }
      });
      return ({ response }) => {
        span.setAttribute(SpanAttributes.httpResponseStatusCode, response.status);
        if (response.status >= 500) {
          markSpanFailed(span, new Error(`subgraph ${subgraph} answered HTTP ${response.status}`));
        }
        span.end();
      };
    },
  };
}

function operationTypeOf(document: DocumentNode, operationName: string | undefined): GraphqlOperationType {
  return getOperationAST(document, operationName)?.operation ?? 'unknown';
}
