import type { BrokerLogger } from '../logger';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps entries in memory so tests can assert on what the broker reported. */
export function createCollectingLogger(): { logger: BrokerLogger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record =
    (level: LogEntry['level']) =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      entries.push({ level, message, fields });
    };
  return { logger: { info: record('info'), warn: record('warn'), error: record('error') }, entries };
}
