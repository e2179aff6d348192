import 'reflect-metadata';

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { plainToInstance, Type } from 'class-transformer';
import { IsString, MaxLength, ValidateNested, validateSync } from 'class-validator';

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
