export { StructuredLogger, type LogFields, type LogLevel, type LogSink } from './structured-logger';
export { redactSecrets, redactSecretsAndPersonalData, redactSecretText, redactSecretAndPersonalText, REDACTED } from './secret-redaction';
export {
  ServiceMetrics,
  MAX_DISTINCT_OPERATION_NAMES,
  type GraphqlOperationType,
  type Outcome,
  type OutboxBacklog,
} from './metrics-registry';
export { METRIC_NAMES, PLANNED_METRIC_NAMES, SYNC_METRIC_NAMES, type MetricName } from './metric-names';
export {
  tracingVariables,
  tracingConfigSchema,
  tracesEndpointOf,
  exportHeadersOf,
  type TracingConfig,
  type TracesSamplerName,
} from './tracing-config';
export { installTracing, startTracing, samplerFor, type TracingInstallation, type InstallTracingOptions } from './tracing';
export {
  TRACER_NAME,
  SpanKind,
  SpanStatusCode,
  activeSpan,
  extractTraceContext,
  traceContextHeaders,
  activeTraceIds,
  inSpan,
  inClientSpan,
  startSpan,
  runInContext,
  markSpanFailed,
  type SpanOptions,
  type TraceCarrier,
  type Span,
  type Attributes,
  type Context,
} from './trace-context';
export { SpanAttributes } from './span-attributes';
