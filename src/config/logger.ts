import pino, { type Logger } from 'pino';
import type { Config } from './index';

/**
 * Structured logs, one JSON object a line. Request bodies and variables are never logged
 * (they may carry a commenter's email); the redact list is a second guard.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'entity-news' },
      redact: { paths: ['email', '*.email', 'variables', '*.variables', 'req.headers.authorization'], censor: '[redacted]' },
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
