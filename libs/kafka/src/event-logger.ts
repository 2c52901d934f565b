/**
 * What the kafka library logs through. `StructuredLogger` from `@crm-bridge/observability`
 * satisfies it, so services pass their own logger and get tenant/integration/correlation fields
 * in the same JSON lines as everything else.
 */
export interface EventLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One JSON object per line on stderr, for scripts that have no service logger. */
export const stderrEventLogger: EventLogger = {
  info: (message, fields) => writeLine('info', message, fields),
  warn: (message, fields) => writeLine('warn', message, fields),
  error: (message, fields) => writeLine('error', message, fields),
};

function writeLine(level: string, message: string, fields: Record<string, unknown> = {}): void {
  process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), message, ...fields })}\n`);
}
