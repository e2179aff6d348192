import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { ErrorPresenter } from './error-presenter.js';
import { sendError } from './send-error.js';

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly presenter: ErrorPresenter) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendError(reply, this.presenter.present(exception, request));
  }
}
