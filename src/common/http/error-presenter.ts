import { randomUUID } from 'node:crypto';

import { HttpException, Injectable, Logger, NotFoundException } from '@nestjs/common';

import { DomainError } from '../errors/domain-errors.js';
import { toErrorResponse, type ErrorResponse } from '../errors/error-response.js';
import { RouteIndex } from './route-index.js';

export interface PresentedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

interface FrameworkError {
  code?: string;
  statusCode?: number;
  message?: string;
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P03',
]);

/** Turns anything thrown while serving a request into one of CVAT's error bodies. */
@Injectable()
export class ErrorPresenter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly routes: RouteIndex) {}

  present(error: unknown, request: PresentedRequest): ErrorResponse {
    const { method, url } = request;
    if (error instanceof DomainError) return toErrorResponse(error);
    if (error instanceof NotFoundException && isUnmatchedRoute(error))
      return this.unmatchedRoute(method, url);
    // Nest wraps Fastify's own errors (body parsing, content type) and keeps the original as the cause.
    const cause = (error instanceof HttpException ? error.cause : error) as FrameworkError;
    const framework = fromFrameworkError(cause, request);
    if (framework) return framework;
    if (error instanceof HttpException) return fromHttpException(error);
    if (isConnectionError(error)) {
      this.logger.warn({ err: error }, 'A backing service is unavailable');
      return { status: 503, body: { detail: 'A backing service is unavailable; try again shortly.' } };
    }

    const errorId = randomUUID();
    this.logger.error({ err: error, errorId, method, url }, 'Unexpected error');
    return { status: 500, body: { detail: `Internal server error (error id ${errorId}).` } };
  }

  private unmatchedRoute(method: string, url: string): ErrorResponse {
    const allowed = this.routes.allowedMethods(url);
    if (allowed.length === 0) return { status: 404, body: { detail: 'Not found.' } };
    const allow = allowed.join(', ');
    if (method === 'OPTIONS') return { status: 200, body: { allowed_methods: allowed }, headers: { allow } };
    return { status: 405, body: { detail: `Method "${method}" not allowed.` }, headers: { allow } };
  }
}

function isUnmatchedRoute(error: NotFoundException): boolean {
  return /^Cannot [A-Z]+ /.test(error.message);
}

function fromHttpException(error: HttpException): ErrorResponse {
  const status = error.getStatus();
  if (status === 404) return { status, body: { detail: 'Not found.' } };
  const response = error.getResponse();
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? response.message
      : error.message;
  return { status, body: { detail: Array.isArray(message) ? message.join(' ') : String(message) } };
}

function fromFrameworkError(error: FrameworkError, request: PresentedRequest): ErrorResponse | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      const mediaType =
        String(request.headers['content-type'] ?? '')
          .split(';')[0]
          ?.trim() ?? '';
      return { status: 415, body: { detail: `Unsupported media type "${mediaType}" in request.` } };
    }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { detail: 'Request body is larger than the server accepts.' } };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: { detail: `JSON parse error - ${error.message ?? 'invalid JSON'}` } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        body: { detail: 'JSON parse error - Expecting value: line 1 column 1 (char 0)' },
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: { detail: 'Request body size did not match Content-Length.' } };
  }
  if (error instanceof SyntaxError && (error as FrameworkError).statusCode === 400) {
    return { status: 400, body: { detail: `JSON parse error - ${error.message}` } };
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, body: { detail: error.message ?? 'Bad request.' } };
  }
  return undefined;
}

function isConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|connect ECONNREFUSED|Connection is closed|timeout exceeded when trying to connect/i.test(
      message,
    )
  );
}
