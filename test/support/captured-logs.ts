import { Logger } from '@nestjs/common';

export interface CapturedLine {
  readonly level: 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
  /** What the code logged first: our code passes structured fields here, then the message text. */
  readonly fields: unknown;
  readonly rest: unknown[];
}

/**
 * Routes every Nest `Logger` call of this test process into a list, from now on. Each test file
 * runs in its own process, so nothing needs restoring.
 */
export function captureNestLogs(): CapturedLine[] {
  const lines: CapturedLine[] = [];
  const recorder =
    (level: CapturedLine['level']) =>
    (fields: unknown, ...rest: unknown[]) => {
      lines.push({ level, fields, rest });
    };
  Logger.overrideLogger({
    log: recorder('log'),
    error: recorder('error'),
    warn: recorder('warn'),
    debug: recorder('debug'),
    verbose: recorder('verbose'),
    fatal: recorder('fatal'),
  });
  return lines;
}
