import { Injectable, type PipeTransform, type Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import { FieldValidationError, type FieldErrors } from '../errors/domain-errors.js';
import { CVAT_MESSAGES } from './cvat-messages.js';
import { toFieldErrors } from './field-errors.js';
import { pythonTypeName } from './python-notation.js';

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
