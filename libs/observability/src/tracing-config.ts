import { z } from '@crm-bridge/config';

const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

export type TracesSamplerName = (typeof SAMPLERS)[number];

const otlpHttpUrl = z
  .string()
  .url('must be an http(s) URL, e.g. http://otel-collector:4318')
  .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL, e.g. http://otel-collector:4318');

const HEADER_ENTRY = /^[^=,\s]+=[^,]*$/;

/**
 * The standard OpenTelemetry variables a service reads for tracing (spec "SDK environment
 * variables"), validated like every other variable so a typo stops startup naming the variable.
 * Add them to a service's schema with `.extend(tracingVariables)`.
 *
 * Tracing is OFF unless `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is
 * set; `OTEL_TRACES_EXPORTER=none` or `OTEL_SDK_DISABLED=true` turn it off again.
 *
 * @example
 *   OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4318   # spans go to …/v1/traces (OTLP/HTTP, JSON)
 *   OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1
 */
export const tracingVariables = {
  OTEL_SDK_DISABLED: z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) }).default('false'),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none'], { errorMap: () => ({ message: 'must be otlp or none' }) }).default('otlp'),
  /** Collector base URL; traces are posted to `<endpoint>/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttpUrl.optional(),
  /** Full traces URL; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpHttpUrl.optional(),
  /** `key=value,key2=value2`, e.g. a collector API key (never logged: the logger redacts `*key*`). */
  OTEL_EXPORTER_OTLP_HEADERS: z
    .string()
    .refine(
      (value) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .every((entry) => HEADER_ENTRY.test(entry)),
      'must be key=value pairs separated by commas',
    )
    .optional(),
  /** Defaults to the service's own name. */
  OTEL_SERVICE_NAME: z.string().min(1, 'must not be empty').optional(),
  OTEL_TRACES_SAMPLER: z
    .enum(SAMPLERS, { errorMap: () => ({ message: `must be one of ${SAMPLERS.join(', ')}` }) })
    .default('parentbased_always_on'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number({ invalid_type_error: 'must be a number between 0 and 1' })
    .min(0, 'must be a number between 0 and 1')
    .max(1, 'must be a number between 0 and 1')
    .default(1),
};

export const tracingConfigSchema = z.object(tracingVariables);

export type TracingConfig = z.infer<typeof tracingConfigSchema>;

/** Where spans are exported, or `undefined` when tracing is off. */
export function tracesEndpointOf(config: TracingConfig): string | undefined {
  if (config.OTEL_SDK_DISABLED === 'true' || config.OTEL_TRACES_EXPORTER === 'none') {
    return undefined;
  }
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  }
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
    return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  }
  return undefined;
}

/** `OTEL_EXPORTER_OTLP_HEADERS` as a header object (values may be percent-encoded, per the spec). */
export function exportHeadersOf(config: TracingConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of (config.OTEL_EXPORTER_OTLP_HEADERS ?? '').split(',')) {
    const separator = entry.indexOf('=');
    if (separator <= 0) {
      continue;
    }
    const value = entry.slice(separator + 1).trim();
    headers[entry.slice(0, separator).trim()] = safelyDecoded(value);
  }
  return headers;
}

function safelyDecoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    // A literal `%` that is not an escape is kept as written rather than failing startup.
    return value;
  }
}
