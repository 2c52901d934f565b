/**
 * The logger the broker writes to. Fields are structured so a JSON log pipeline can filter on
 * them (`apiKey`, `clientId`, `groupId`, ...).
 */
export interface BrokerLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Default logger: one JSON object per line on stderr, so stdout stays free for the CLI's
 * machine-readable "listening" line.
 */
export function createJsonStderrLogger(name = 'kafka-dev-broker'): BrokerLogger {
  const write = (level: string, message: string, fields?: Record<string, unknown>): void => {
    const entry = { level, time: new Date().toISOString(), logger: name, msg: message, ...fields };
    process.stderr.write(`${JSON.stringify(entry, errorReplacer)}\n`);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}
