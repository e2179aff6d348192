import { ValidationPipe } from '@nestjs/common';

import { FieldValidationError } from '../errors/domain-errors.js';
import { toFieldErrors } from './field-errors.js';

/** Request DTOs are validated with class-validator and rejected in CVAT's field-error shape. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    stopAtFirstError: true,
    // Nest drops the rejected value from errors by default; list items need it to be nested as lists.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => new FieldValidationError(toFieldErrors(errors)),
  });
}
