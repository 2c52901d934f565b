import { Logger, type LogLevel as HiveLogLevel } from '@graphql-hive/logger';
import type { LogLevel, StructuredLogger } from '@crm-bridge/observability';

/**
 * Routes Hive Gateway's own logs through our JSON logger, so they share its format and, above
 * all, its secret redaction (gateway logs may contain headers).
 */
export function hiveLoggerFor(logger: StructuredLogger, level: LogLevel): Logger {
  return new Logger({
    level: level satisfies HiveLogLevel,
    writers: [
      {
        write(entryLevel, attributes, message) {
          const fields = attributes && !Array.isArray(attributes) ? attributes : { attributes };
          const text = message ?? 'hive gateway';
          if (entryLevel === 'error') {
            logger.error(text, fields);
          } else if (entryLevel === 'warn') {
            logger.warn(text, fields);
          } else if (entryLevel === 'info') {
            logger.info(text, fields);
          } else {
            logger.debug(text, fields);
          }
        },
      },
    ],
  });
}
