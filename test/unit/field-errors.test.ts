import 'reflect-metadata';

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { plainToInstance, Type } from 'class-transformer';
import { IsString, MaxLength, ValidateNested, validateSync } from 'class-validator';

import { CvatInt, CvatString } from '../../src/common/validation/cvat-fields.js';
import { toFieldErrors } from '../../src/common/validation/field-errors.js';

class LabelInput {
  @IsString({ message: 'Not a valid string.' })
  name!: string;
}

class TaskInput {
  @MaxLength(3, { message: 'Ensure this field has no more than 3 characters.' })
  name!: string;

  @ValidateNested({ each: true })
  @Type(() => LabelInput)
  labels!: LabelInput[];
}

describe('field errors', () => {
  it('nests list items with empty objects for valid ones, as CVAT does', () => {
    const input = plainToInstance(TaskInput, { name: 'long name', labels: [{ name: 'ok' }, { name: 5 }] });
    const errors = validateSync(input, { stopAtFirstError: true });
    assert.deepEqual(toFieldErrors(errors), {
      name: ['Ensure this field has no more than 3 characters.'],
      labels: [{}, { name: ['Not a valid string.'] }],
    });
  });
});

class SizeInput {
  @CvatInt({ min: 0 })
  size!: number;

  @CvatString({ maxLength: 3 })
  name!: string;
}

describe('CVAT field decorators', () => {
  it('report a wrong type before a range or length', () => {
    const input = plainToInstance(SizeInput, { size: 'abc', name: 12345 });
    assert.deepEqual(toFieldErrors(validateSync(input, { stopAtFirstError: true })), {
      size: ['A valid integer is required.'],
      name: ['Not a valid string.'],
    });
    const ranged = plainToInstance(SizeInput, { size: '-1', name: 'long' });
    assert.deepEqual(toFieldErrors(validateSync(ranged, { stopAtFirstError: true })), {
      size: ['Ensure this value is greater than or equal to 0.'],
      name: ['Ensure this field has no more than 3 characters.'],
    });
  });
});
