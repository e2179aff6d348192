import { Injectable, Logger } from '@nestjs/common';

import type { ClientEventDto, ExceptionReportDto } from './client-log.dto.js';

/**
 * Keeps what the web UI reports about itself in the server log, tagged so that an operator can
 * filter it (`clientLog: true`) and attributed to the requesting user.
 */
@Injectable()
export class ClientLogService {
  private readonly logger = new Logger('ClientLog');

  recordException(username: string, report: ExceptionReportDto): ExceptionReportDto {
    this.logger.warn({ clientLog: true, kind: 'exception', username, report }, 'Client exception');
    return report;
  }

  recordEvents(username: string, events: ClientEventDto[]): ClientEventDto[] {
    for (const event of events) {
      this.logger.log({ clientLog: true, kind: 'event', username, event }, 'Client event');
    }
    return events;
  }
}
