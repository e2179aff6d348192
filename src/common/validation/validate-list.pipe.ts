import { Injectable, type PipeTransform, type Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import { FieldValidationError, type FieldErrors } from '../errors/domain-errors.js';
import { CVAT_MESSAGES } from './cvat-messages.js';
import { toFieldErrors } from './field-errors.js';

function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'object') return 'dict';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

/** Validates a body that is a JSON list; errors come back per item, `{}` for the valid ones. */
@Injectable()
export class ValidateListPipe<T extends object> implements PipeTransform<unknown, Promise<T[]>> {
  constructor(private readonly itemType: Type<T>) {}

  async transform(body: unknown): Promise<T[]> {
    if (!Array.isArray(body)) {
      throw FieldValidationError.nonField(CVAT_MESSAGES.list(pythonTypeName(body)));
    }
    const items = body.map((item: unknown) => plainToInstance(this.itemType, item));
    const errors: FieldErrors[] = await Promise.all(
      items.map(async (item) =>
        toFieldErrors(await validate(item, { whitelist: true, stopAtFirstError: true })),
      ),
    );
    if (errors.some((itemErrors) => Object.keys(itemErrors).length > 0)) {
      throw new FieldValidationError(errors);
    }
    return items;
  }
}
