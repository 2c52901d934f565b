export { StructuredLogger, type LogFields, type LogLevel, type LogSink } from './structured-logger';
export { redactSecrets, redactSecretText, REDACTED } from './secret-redaction';
export { ServiceMetrics } from './metrics-registry';
