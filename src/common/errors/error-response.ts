import {
  ConflictError,
  DomainError,
  FieldValidationError,
  MethodNotAllowedError,
  NotAuthenticatedError,
  NotFoundError,
  NotSupportedError,
  PayloadTooLargeError,
  PermissionDeniedError,
  PlainMessageError,
  RequestRejectedError,
  ServiceUnavailableError,
  ThrottledError,
  UnsupportedMediaTypeError,
} from './domain-errors.js';

export interface ErrorResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

const PLAIN_STATUS: Record<PlainMessageError['kind'], number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  failed: 500,
};

/** Maps each domain error to CVAT's status code and body shape (spec/README.md, section 3). */
export function toErrorResponse(error: DomainError): ErrorResponse {
  const detail = { detail: error.message };
  if (error instanceof FieldValidationError) return { status: 400, body: error.fields };
  if (error instanceof RequestRejectedError) return { status: 400, body: error.messages };
  if (error instanceof PlainMessageError) return { status: PLAIN_STATUS[error.kind], body: error.message };
  if (error instanceof NotAuthenticatedError) {
    return { status: 401, body: detail, headers: { 'www-authenticate': 'Token' } };
  }
  if (error instanceof PermissionDeniedError) return { status: 403, body: detail };
  if (error instanceof NotFoundError) return { status: 404, body: detail };
  if (error instanceof MethodNotAllowedError) return { status: 405, body: detail };
  if (error instanceof ConflictError) return { status: 409, body: { ...detail, ...error.details } };
  if (error instanceof PayloadTooLargeError) return { status: 413, body: detail };
  if (error instanceof UnsupportedMediaTypeError) return { status: 415, body: detail };
  if (error instanceof ThrottledError) {
    return { status: 429, body: detail, headers: { 'retry-after': String(error.retryAfterSeconds) } };
  }
  if (error instanceof NotSupportedError) return { status: 501, body: detail };
  if (error instanceof ServiceUnavailableError) return { status: 503, body: detail };
  return { status: 500, body: detail };
}
