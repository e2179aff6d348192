import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

import { CVAT_MESSAGES } from './cvat-messages.js';
import { parseFormBoolean } from './form-values.js';

/**
 * Field decorators with CVAT's coercion and messages. With `stopAtFirstError` the first failing
 * rule in registration order gives the message, so the type check is listed before the range and
 * length checks (presence checks always run first, whatever their place).
 */
interface FieldOptions {
  readonly required?: boolean;
  readonly nullable?: boolean;
}

function presence({ required = true, nullable = false }: FieldOptions): PropertyDecorator[] {
  if (!required && nullable) return [IsOptional()];
  if (!required) return [ValidateIf((_, value) => value !== undefined)];
  if (nullable)
    return [ValidateIf((_, value) => value !== null), IsDefined({ message: CVAT_MESSAGES.required })];
  return [IsDefined({ message: CVAT_MESSAGES.required })];
}

/** Integers, accepting numeric strings as CVAT does (form bodies carry only strings). */
export function CvatInt(options: FieldOptions & { min?: number; max?: number } = {}): PropertyDecorator {
  const bounds: PropertyDecorator[] = [];
  if (options.max !== undefined) bounds.push(Max(options.max, { message: CVAT_MESSAGES.max(options.max) }));
  if (options.min !== undefined) bounds.push(Min(options.min, { message: CVAT_MESSAGES.min(options.min) }));
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value,
    ),
    IsInt({ message: CVAT_MESSAGES.integer }),
    ...bounds,
    ...presence(options),
  );
}

export function CvatString(
  options: FieldOptions & { maxLength?: number; allowBlank?: boolean } = {},
): PropertyDecorator {
  const rules: PropertyDecorator[] = [];
  if (options.maxLength !== undefined) {
    rules.push(MaxLength(options.maxLength, { message: CVAT_MESSAGES.maxLength(options.maxLength) }));
  }
  if (!options.allowBlank) rules.push(IsNotEmpty({ message: CVAT_MESSAGES.notBlank }));
  return applyDecorators(IsString({ message: CVAT_MESSAGES.string }), ...rules, ...presence(options));
}

/** Booleans, accepting the words CVAT accepts in form bodies (true/false, 1/0, yes/no, on/off). */
export function CvatBoolean(options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => parseFormBoolean(value)),
    IsBoolean({ message: CVAT_MESSAGES.boolean }),
    ...presence(options),
  );
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function CvatDateTime(options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    IsString({ message: CVAT_MESSAGES.datetime }),
    Matches(ISO_DATETIME, { message: CVAT_MESSAGES.datetime }),
    ...presence(options),
  );
}
