import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { IsString, Matches, MaxLength, NotEquals, validate, ValidateIf } from 'class-validator';

import { pythonTypeName } from '../../common/validation/python-notation.js';
import type { FieldErrors } from '../../common/errors/domain-errors.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import { toFieldErrors } from '../../common/validation/field-errors.js';
import {
  ChoiceField,
  FlagField,
  NoNullCharacters,
  NULL_CHARACTER_MESSAGE,
  TextField,
} from '../shared/body-fields.js';

export const INPUT_TYPES = ['checkbox', 'radio', 'number', 'text', 'select'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

export const LABEL_NAME_MAX_LENGTH = 64;
export const ATTRIBUTE_NAME_MAX_LENGTH = 64;
export const DEFAULT_VALUE_MAX_LENGTH = 128;
export const VALUES_MAX_LENGTH = 4096;

export const LABEL_MESSAGES = {
  empty: 'Label set must not be empty',
  duplicateLabels: 'All label names must be unique for the task',
  duplicateAttributes: 'All attribute names must be unique for the label',
  colour: 'Enter a colour as #rrggbb.',
  lineBreak: 'A value may not contain line breaks.',
} as const;

/** An attribute as a body gives it; absent fields keep their stored values when it already exists. */
export interface AttributeInput {
  readonly name: string;
  readonly mutable?: boolean;
  readonly inputType?: InputType;
  readonly defaultValue?: string;
  /** Trimmed values joined with line breaks, the way they are stored. */
  readonly values?: string;
}

export interface LabelInput {
  readonly name: string;
  /** Absent when the colour is to be generated. */
  readonly color?: string;
  readonly attributes?: readonly AttributeInput[];
}

/** What one field of a body reports: its messages, one map per list item, or a nested map. */
export type FieldProblem = FieldErrors[string];

type Reading<T> = { value: T; problem?: undefined } | { value?: undefined; problem: FieldProblem };

/** Booleans and numbers become text: clients send `"true"` and `true` alike for checkboxes. */
function asValueText(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return typeof value === 'number' ? String(value) : value;
}

function DefaultValueField(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => asValueText(value)),
    ValidateIf((_, value) => value !== undefined),
    NotEquals(null, { message: CVAT_MESSAGES.notNull }),
    IsString({ message: CVAT_MESSAGES.string }),
    MaxLength(DEFAULT_VALUE_MAX_LENGTH, { message: CVAT_MESSAGES.maxLength(DEFAULT_VALUE_MAX_LENGTH) }),
    NoNullCharacters(),
  );
}

class LabelFields {
  @TextField({ maxLength: LABEL_NAME_MAX_LENGTH, required: true })
  name!: string;

  /** Empty, null or absent: generate one. */
  @ValidateIf((_, value) => value !== undefined && value !== null && value !== '')
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: LABEL_MESSAGES.colour })
  color?: string | null;
}

class AttributeFields {
  @TextField({ maxLength: ATTRIBUTE_NAME_MAX_LENGTH, required: true })
  name!: string;

  @FlagField()
  mutable?: boolean;

  @ChoiceField(INPUT_TYPES)
  input_type?: InputType;

  @DefaultValueField()
  default_value?: string;
}

function isDictionary(item: unknown): item is Record<string, unknown> {
  return typeof item === 'object' && item !== null && !Array.isArray(item);
}

function notADictionary(item: unknown): FieldErrors {
  return { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonTypeName(item)}.`] };
}

function isEmpty(errors: FieldErrors): boolean {
  return Object.keys(errors).length === 0;
}

async function fieldErrors(fields: object): Promise<FieldErrors> {
  return toFieldErrors(await validate(fields, { stopAtFirstError: true }));
}

/** The check every list field shares; the field's messages when the value is not a list. */
function notAList(value: unknown): string[] | undefined {
  if (value === null) return [CVAT_MESSAGES.notNull];
  if (!Array.isArray(value)) return [CVAT_MESSAGES.list(pythonTypeName(value))];
  return undefined;
}

/** Reads the items of a list field; item errors come back as one map per item, `{}` for good ones. */
async function readItems<T>(
  items: unknown[],
  readItem: (item: unknown) => Promise<{ value?: T; errors: FieldErrors }>,
): Promise<Reading<T[]>> {
  const readings = await Promise.all(items.map(readItem));
  if (readings.every((reading) => isEmpty(reading.errors))) {
    return { value: readings.map((reading) => reading.value as T) };
  }
  return { problem: readings.map((reading) => reading.errors) };
}

function readValues(value: unknown): Reading<string> {
  const problem = notAList(value);
  if (problem) return { problem };
  const values: string[] = [];
  const itemErrors: FieldErrors = {};
  (value as unknown[]).forEach((item, index) => {
    const text = asValueText(item);
    if (typeof text !== 'string') itemErrors[index] = [CVAT_MESSAGES.string];
    else if (text.includes('\0')) itemErrors[index] = [NULL_CHARACTER_MESSAGE];
    else if (/[\r\n]/.test(text.trim())) itemErrors[index] = [LABEL_MESSAGES.lineBreak];
    else values.push(text.trim());
  });
  if (!isEmpty(itemErrors)) return { problem: itemErrors };
  const joined = values.join('\n');
  if (joined.length > VALUES_MAX_LENGTH) return { problem: [CVAT_MESSAGES.maxLength(VALUES_MAX_LENGTH)] };
  return { value: joined };
}

async function readAttribute(item: unknown): Promise<{ value?: AttributeInput; errors: FieldErrors }> {
  if (!isDictionary(item)) return { errors: notADictionary(item) };
  const fields = plainToInstance(AttributeFields, item);
  const errors = await fieldErrors(fields);
  const values = item.values === undefined ? undefined : readValues(item.values);
  if (values?.problem) errors.values = values.problem;
  const value: AttributeInput = {
    name: fields.name,
    mutable: fields.mutable,
    inputType: fields.input_type,
    defaultValue: fields.default_value,
    values: values?.value,
  };
  return { value, errors };
}

async function readAttributes(value: unknown): Promise<Reading<AttributeInput[]>> {
  const problem = notAList(value);
  if (problem) return { problem };
  const reading = await readItems(value as unknown[], readAttribute);
  if (reading.problem) return reading;
  const names = reading.value.map((attribute) => attribute.name);
  if (new Set(names).size !== names.length) return { problem: [LABEL_MESSAGES.duplicateAttributes] };
  return reading;
}

async function readLabel(item: unknown): Promise<{ value?: LabelInput; errors: FieldErrors }> {
  if (!isDictionary(item)) return { errors: notADictionary(item) };
  const fields = plainToInstance(LabelFields, item);
  const errors = await fieldErrors(fields);
  const attributes = item.attributes === undefined ? undefined : await readAttributes(item.attributes);
  if (attributes?.problem) errors.attributes = attributes.problem;
  const color = typeof fields.color === 'string' && fields.color !== '' ? fields.color : undefined;
  return { value: { name: fields.name, color, attributes: attributes?.value }, errors };
}

/**
 * Reads the `labels` of a task body: a non-empty list of labels with unique names, each with a
 * list of attributes with unique names. Problems come back in CVAT's shape for the field: a list
 * of messages about the list itself, or one error map per label.
 */
export async function readLabels(value: unknown): Promise<Reading<LabelInput[]>> {
  const problem = notAList(value);
  if (problem) return { problem };
  if ((value as unknown[]).length === 0) return { problem: [LABEL_MESSAGES.empty] };
  const reading = await readItems(value as unknown[], readLabel);
  if (reading.problem) return reading;
  const names = reading.value.map((label) => label.name);
  if (new Set(names).size !== names.length) return { problem: [LABEL_MESSAGES.duplicateLabels] };
  return reading;
}
