import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

type NestLevel = 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';

const PINO_LEVEL: Record<NestLevel, 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal'> = {
  log: 'info',
  error: 'error',
  warn: 'warn',
  debug: 'debug',
  verbose: 'trace',
  fatal: 'fatal',
};

/**
 * Routes Nest's `Logger` calls to pino. Nest passes the class name as the last string argument
 * (the context), and errors as a stack string; both become structured fields.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: NestLevel, message: unknown, rest: unknown[]): void {
    const fields: Record<string, unknown> = {};
    const args = [...rest];
    if (typeof args[args.length - 1] === 'string') fields.context = args.pop();
    // Our own calls pass structured fields first and the message second.
    const text = typeof message === 'object' && typeof args[0] === 'string' ? args.shift() : undefined;
    if (level === 'error' && typeof args[0] === 'string') fields.stack = args.shift();

    const target = this.logger[PINO_LEVEL[level]].bind(this.logger);
    if (message instanceof Error) {
      target({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      target({ ...fields, ...(message as Record<string, unknown>) }, text as string | undefined);
    } else {
      target(fields, String(message));
    }
  }
}
