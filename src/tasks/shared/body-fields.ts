import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  Max,
  MaxLength,
  Min,
  NotEquals,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

import { pythonTypeName } from '../../common/validation/python-notation.js';
import { FieldValidationError } from '../../common/errors/domain-errors.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import { MAX_INT32, parseFormBoolean } from '../../common/validation/form-values.js';

/** PostgreSQL text cannot hold NUL; CVAT refuses it in every text field with this message. */
export const NULL_CHARACTER_MESSAGE = 'Null characters are not allowed.';

/** Text without NUL characters. */
export function NoNullCharacters(): PropertyDecorator {
  return ValidateBy(
    {
      name: 'noNullCharacters',
      validator: { validate: (value) => typeof value !== 'string' || !value.includes('\0') },
    },
    { message: NULL_CHARACTER_MESSAGE },
  );
}

/** A JSON body must be an object; CVAT names the type it got otherwise. */
export function asDictionary(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw FieldValidationError.nonField(
      `Invalid data. Expected a dictionary, but got ${pythonTypeName(body)}.`,
    );
  }
  return body as Record<string, unknown>;
}

/*
 * The decorators below register their checks in the order CVAT applies them; bodies are validated
 * with `stopAtFirstError`, so each field reports the first problem CVAT would report.
 */

interface Presence {
  /** Absent → "This field is required."; otherwise absent fields are skipped. */
  readonly required?: boolean;
  /** null is a value of the field rather than "This field may not be null.". */
  readonly nullable?: boolean;
}

function presence({ required = false, nullable = false }: Presence): PropertyDecorator[] {
  const checks: PropertyDecorator[] = [];
  if (nullable) checks.push(ValidateIf((_, value) => value !== null));
  if (required) {
    checks.push(
      ValidateBy(
        { name: 'isPresent', validator: { validate: (value) => value !== undefined } },
        { message: CVAT_MESSAGES.required },
      ),
    );
  } else {
    checks.push(ValidateIf((_, value) => value !== undefined));
  }
  if (!nullable) checks.push(NotEquals(null, { message: CVAT_MESSAGES.notNull }));
  return checks;
}

/** Text; numbers are taken as their text, and surrounding whitespace is dropped, as CVAT does. */
export function TextField(
  options: Presence & { maxLength: number; allowBlank?: boolean },
): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => {
      const text = typeof value === 'number' ? String(value) : value;
      return typeof text === 'string' ? text.trim() : text;
    }),
    ...presence(options),
    IsString({ message: CVAT_MESSAGES.string }),
    ...(options.allowBlank ? [] : [IsNotEmpty({ message: CVAT_MESSAGES.notBlank })]),
    MaxLength(options.maxLength, { message: CVAT_MESSAGES.maxLength(options.maxLength) }),
    NoNullCharacters(),
  );
}

/** A non-negative integer that fits its column; digit strings count, as form values are text. */
export function SizeField(options: Presence = {}): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value,
    ),
    ...presence(options),
    IsInt({ message: CVAT_MESSAGES.integer }),
    Min(0, { message: CVAT_MESSAGES.min(0) }),
    Max(MAX_INT32, { message: CVAT_MESSAGES.max(MAX_INT32) }),
  );
}

/** A boolean; the words CVAT accepts in form bodies count as well. */
export function FlagField(options: Presence = {}): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => parseFormBoolean(value)),
    ...presence(options),
    IsBoolean({ message: CVAT_MESSAGES.boolean }),
  );
}

/** One of a fixed set of words. */
export function ChoiceField(choices: readonly string[], options: Presence = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(options),
    IsIn(choices, { message: ({ value }) => CVAT_MESSAGES.choice(value) }),
  );
}
