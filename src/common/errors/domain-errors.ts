/**
 * Errors that use cases throw. They say what went wrong in domain terms; the global filter decides
 * how each one looks on the wire (status code and which of CVAT's body shapes).
 */
export abstract class DomainError extends Error {
  override get name(): string {
    return this.constructor.name;
  }
}

export class NotAuthenticatedError extends DomainError {
  constructor(message = 'Authentication credentials were not provided.') {
    super(message);
  }
}

export class PermissionDeniedError extends DomainError {
  constructor(message = 'You do not have permission to perform this action.') {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message = 'Not found.') {
    super(message);
  }
}

export class MethodNotAllowedError extends DomainError {
  constructor(readonly method: string) {
    super(`Method "${method}" not allowed.`);
  }
}

/** A nested map of field names to messages, exactly as CVAT's serializers report them. */
export type FieldErrors = { [field: string]: string[] | FieldErrors | FieldErrors[] };

export class FieldValidationError extends DomainError {
  /** A list when the body itself was a list: one error map per item. */
  constructor(readonly fields: FieldErrors | FieldErrors[]) {
    super('Invalid input.');
  }

  static of(field: string, message: string): FieldValidationError {
    return new FieldValidationError({ [field]: [message] });
  }

  static nonField(message: string): FieldValidationError {
    return FieldValidationError.of('non_field_errors', message);
  }
}

/** Validation raised outside body parsing; CVAT answers these as a JSON list of strings. */
export class RequestRejectedError extends DomainError {
  constructor(readonly messages: string[]) {
    super(messages.join(' '));
  }
}

/** Errors of endpoints whose CVAT body is a bare JSON string (frame data, share browsing). */
export class PlainMessageError extends DomainError {
  constructor(
    readonly kind: 'invalid' | 'forbidden' | 'not-found' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

export class ConflictError extends DomainError {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class PayloadTooLargeError extends DomainError {}

export class UnsupportedMediaTypeError extends DomainError {
  constructor(readonly mediaType: string) {
    super(`Unsupported media type "${mediaType}" in request.`);
  }
}

export class ThrottledError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Request was throttled. Expected available in ${retryAfterSeconds} seconds.`);
  }
}

/** A dependency (PostgreSQL, Redis, storage) is unreachable; the request may succeed later. */
export class ServiceUnavailableError extends DomainError {}

/** A feature CVAT has that this server does not implement; answered clearly instead of faked. */
export class NotSupportedError extends DomainError {}
