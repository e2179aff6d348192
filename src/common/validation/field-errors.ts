import type { ValidationError } from 'class-validator';

import type { FieldErrors } from '../errors/domain-errors.js';

/**
 * Converts class-validator's error tree into CVAT's field-error map. Items of arrays become
 * lists where valid items are `{}`, as CVAT's nested serializers report them.
 */
export function toFieldErrors(errors: ValidationError[]): FieldErrors {
  const result: FieldErrors = {};
  for (const error of errors) {
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) {
      // class-validator runs every rule; CVAT stops at the first failing one per field.
      result[error.property] = [messages[messages.length - 1]];
      continue;
    }
    const children = error.children ?? [];
    if (children.length === 0) continue;
    if (Array.isArray(error.value)) {
      const items: FieldErrors[] = (error.value as unknown[]).map(() => ({}));
      for (const child of children) items[Number(child.property)] = toFieldErrors(child.children ?? []);
      result[error.property] = items;
    } else {
      result[error.property] = toFieldErrors(children);
    }
  }
  return result;
}
