import { pino, type Logger } from 'pino';

import type { AppConfig } from '../config/app-config.js';
import { REDACTED_PATHS } from './redaction.js';
import { currentRequestId } from './request-context.js';

/** The one pino instance of the process; Nest, Fastify and the queue processors all log through it. */
export function createRootLogger(config: Pick<AppConfig, 'logLevel' | 'role'>): Logger {
  return pino({
    level: config.logLevel,
    base: { pid: process.pid, role: config.role },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    mixin() {
      const requestId = currentRequestId();
      return requestId ? { reqId: requestId } : {};
    },
    formatters: {
      level: (label) => ({ level: label }),
    },
  });
}
