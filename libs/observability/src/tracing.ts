import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { exportHeadersOf, tracesEndpointOf, type TracesSamplerName, type TracingConfig } from './tracing-config';

/** A process's tracing, as {@link startTracing} or {@link installTracing} left it. */
export interface TracingInstallation {
  /** Whether spans are recorded and exported by this process. */
  readonly enabled: boolean;
  /** Flushes pending spans and unregisters the SDK (no-op when disabled or not the owner). */
  shutdown(): Promise<void>;
}

export interface InstallTracingOptions {
  readonly serviceName: string;
  readonly spanExporter: SpanExporter;
  readonly sampler?: Sampler;
  /**
   * `batch` (default) queues spans and exports them in the background, as production should;
   * `simple` exports each span when it ends, so a test sees it at once.
   */
  readonly processing?: 'batch' | 'simple';
}

const DISABLED: TracingInstallation = { enabled: false, shutdown: () => Promise.resolve() };

let installed: TracingInstallation | undefined;

/**
 * Registers the OpenTelemetry SDK for this process: the tracer provider, the AsyncLocalStorage
 * context manager (the active span follows `await`s) and the W3C Trace Context propagator. Only
 * one installation per process can exist; a second attempt throws.
 *
 * Services call {@link startTracing}; tests call this with an `InMemorySpanExporter`.
 */
export function installTracing(options: InstallTracingOptions): TracingInstallation {
  if (installed) {
    throw new Error('tracing is already installed in this process; shut the installation down first');
  }
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    sampler: options.sampler ?? new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [
      options.processing === 'simple' ? new SimpleSpanProcessor(options.spanExporter) : new BatchSpanProcessor(options.spanExporter),
    ],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  let shuttingDown: Promise<void> | undefined;
  const installation: TracingInstallation = {
    enabled: true,
    shutdown: () => {
      shuttingDown ??= (async () => {
        try {
          await provider.shutdown();
        } finally {
          trace.disable();
          propagation.disable();
          context.disable();
          installed = undefined;
        }
      })();
      return shuttingDown;
    },
  };
  installed = installation;
  return installation;
}

/**
 * Turns tracing on from a service's validated config, or leaves it off (the default): with no
 * OTLP endpoint configured nothing is registered, so every span is a no-op, nothing is exported
 * and no `traceparent` is ever written. If tracing is already installed in this process (a test,
 * or several services in one process) the existing installation is used and not owned.
 */
export function startTracing(serviceName: string, config: TracingConfig): TracingInstallation {
  const url = tracesEndpointOf(config);
  if (!url) {
    return DISABLED;
  }
  if (installed) {
    return { enabled: true, shutdown: () => Promise.resolve() };
  }
  return installTracing({
    serviceName: config.OTEL_SERVICE_NAME ?? serviceName,
    spanExporter: new OTLPTraceExporter({ url, headers: exportHeadersOf(config) }),
    sampler: samplerFor(config.OTEL_TRACES_SAMPLER, config.OTEL_TRACES_SAMPLER_ARG),
  });
}

/** The sampler named by `OTEL_TRACES_SAMPLER`, with `OTEL_TRACES_SAMPLER_ARG` as its ratio. */
export function samplerFor(name: TracesSamplerName, ratio: number): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}
