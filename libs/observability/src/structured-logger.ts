import type { LoggerService } from '@nestjs/common';
import { redactSecrets, redactSecretText } from './secret-redaction';
import { activeTraceIds } from './trace-context';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Correlation fields every log line may carry (CONVENTIONS §16). */
export interface LogFields {
  tenantId?: string;
  integrationId?: string;
  syncRunId?: string;
  correlationId?: string;
  [field: string]: unknown;
}

export type LogSink = (line: string) => void;

/**
 * JSON-lines logger. Redaction happens here, once, for every caller: values under secret-named
 * keys and secret-looking substrings (JWTs, Zoho tokens, URL passwords) never reach the sink.
 * Implements Nest's LoggerService so framework logs come out in the same shape. Inside a recorded
 * span every line also carries `traceId` and `spanId`.
 */
export class StructuredLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly minimumLevel: LogLevel = 'info',
    private readonly sink: LogSink = (line) => process.stdout.write(`${line}\n`),
    private readonly baseFields: LogFields = {},
  ) {}

  /** A logger that adds `fields` to every line, e.g. `logger.child({ tenantId })`. */
  child(fields: LogFields): StructuredLogger {
    return new StructuredLogger(this.service, this.minimumLevel, this.sink, { ...this.baseFields, ...fields });
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  info(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (LEVEL_RANK[level] < LEVEL_RANK[this.minimumLevel]) {
      return;
    }
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      // Correlates the line with its trace; absent when tracing is off or outside any span.
      ...activeTraceIds(),
      ...this.baseFields,
    };
    // Nest passes (message, context) or (message, stack, context); our own callers pass
    // (message, fields). Objects are merged as fields, strings become context/stack.
    for (const argument of rest) {
      if (argument instanceof Error) {
        entry['error'] = argument;
      } else if (argument !== null && typeof argument === 'object') {
        Object.assign(entry, argument);
      } else if (typeof argument === 'string' && argument.includes('\n    at ')) {
        entry['stack'] = argument;
      } else if (typeof argument === 'string') {
        entry['context'] = argument;
      }
    }
    if (message instanceof Error) {
      entry['error'] = message;
    }
    entry['msg'] = message instanceof Error ? message.message : typeof message === 'string' ? message : message;
    this.sink(redactSecretText(JSON.stringify(redactSecrets(entry))));
  }
}
