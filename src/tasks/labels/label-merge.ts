import type { FieldErrors } from '../../common/errors/domain-errors.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import { generatedLabelColour, normaliseLabelName } from './label-colour.js';
import type { AttributeInput, InputType, LabelInput } from './label-input.js';

/** An attribute with every field known, as stored. */
export interface AttributeValues {
  readonly name: string;
  readonly mutable: boolean;
  readonly inputType: string;
  readonly defaultValue: string;
  /** Line-break separated. */
  readonly values: string;
}

export interface StoredAttribute extends AttributeValues {
  readonly id: number;
}

export interface StoredLabel {
  readonly id: number;
  readonly name: string;
  readonly color: string;
  readonly attributes: readonly StoredAttribute[];
}

/** What merging a body's labels into a task's labels writes. Nothing is ever deleted or renamed. */
export interface LabelChanges {
  readonly created: ReadonlyArray<{ name: string; color: string; attributes: AttributeValues[] }>;
  readonly recoloured: ReadonlyArray<{ id: number; color: string }>;
  readonly addedAttributes: ReadonlyArray<AttributeValues & { labelId: number }>;
  readonly changedAttributes: ReadonlyArray<AttributeValues & { id: number }>;
}

export type LabelMerge =
  { changes: LabelChanges; errors?: undefined } | { changes?: undefined; errors: FieldErrors[] };

/** Options of select and radio attributes: the default must be one of them. */
const CHOICE_TYPES: readonly string[] = ['select', 'radio'] satisfies InputType[];

function valueList(values: string): string[] {
  return values.split('\n');
}

/**
 * A new attribute needs every field but the default, which is the first option for choices and
 * empty otherwise.
 */
function newAttribute(input: AttributeInput, errors: FieldErrors): AttributeValues | undefined {
  if (input.mutable === undefined) errors.mutable = [CVAT_MESSAGES.required];
  if (input.inputType === undefined) errors.input_type = [CVAT_MESSAGES.required];
  if (input.mutable === undefined || input.inputType === undefined) return undefined;
  const values = input.values ?? '';
  const defaultValue =
    input.defaultValue ?? (CHOICE_TYPES.includes(input.inputType) ? valueList(values)[0] : '');
  return { name: input.name, mutable: input.mutable, inputType: input.inputType, defaultValue, values };
}

/** Given fields overwrite stored ones; absent fields keep their stored values. */
function changedAttribute(stored: StoredAttribute, input: AttributeInput): AttributeValues & { id: number } {
  return {
    id: stored.id,
    name: stored.name,
    mutable: input.mutable ?? stored.mutable,
    inputType: input.inputType ?? stored.inputType,
    defaultValue: input.defaultValue ?? stored.defaultValue,
    values: input.values ?? stored.values,
  };
}

function checkDefault(attribute: AttributeValues, errors: FieldErrors): void {
  if (!CHOICE_TYPES.includes(attribute.inputType)) return;
  if (!valueList(attribute.values).includes(attribute.defaultValue)) {
    errors.default_value = [CVAT_MESSAGES.choice(attribute.defaultValue)];
  }
}

function isUnchanged(stored: StoredAttribute, merged: AttributeValues): boolean {
  return (
    stored.mutable === merged.mutable &&
    stored.inputType === merged.inputType &&
    stored.defaultValue === merged.defaultValue &&
    stored.values === merged.values
  );
}

/**
 * Colours for the labels of the task in their final order (stored labels by id, then the new
 * ones in the order given): a given colour wins; otherwise one is generated, shifted past the
 * labels before it whose names normalise alike.
 */
function colourFor(order: readonly string[], position: number, given: string | undefined): string {
  if (given !== undefined) return given;
  const normalised = normaliseLabelName(order[position]);
  const occurrence = order
    .slice(0, position)
    .filter((name) => normaliseLabelName(name) === normalised).length;
  return generatedLabelColour(order[position], occurrence);
}

/**
 * Merges the labels of a body into a task's labels (spec/tasks.md, "Update"): labels and their
 * attributes are matched by name; unmatched ones are created, matched attributes take the given
 * fields, and a label given without a colour gets a generated one. Errors are reported per given
 * label, nested like CVAT's field errors, and nothing is to be written when there are any.
 */
export function mergeLabels(stored: readonly StoredLabel[], given: readonly LabelInput[]): LabelMerge {
  const storedByName = new Map(stored.map((label) => [label.name, label]));
  const added = given.filter((label) => !storedByName.has(label.name));
  const order = [...stored.map((label) => label.name), ...added.map((label) => label.name)];

  const created: Array<LabelChanges['created'][number]> = [];
  const recoloured: Array<LabelChanges['recoloured'][number]> = [];
  const addedAttributes: Array<LabelChanges['addedAttributes'][number]> = [];
  const changedAttributes: Array<LabelChanges['changedAttributes'][number]> = [];
  const labelErrors: FieldErrors[] = [];

  for (const label of given) {
    const attributeErrors: FieldErrors[] = [];
    const existing = storedByName.get(label.name);
    const color = colourFor(order, order.indexOf(label.name), label.color);
    const newAttributes: AttributeValues[] = [];

    for (const input of label.attributes ?? []) {
      const errors: FieldErrors = {};
      const match = existing?.attributes.find((attribute) => attribute.name === input.name);
      const merged = match ? changedAttribute(match, input) : newAttribute(input, errors);
      if (merged) checkDefault(merged, errors);
      attributeErrors.push(errors);
      if (!merged || Object.keys(errors).length > 0) continue;
      if (!match) newAttributes.push(merged);
      else if (!isUnchanged(match, merged)) changedAttributes.push({ ...merged, id: match.id });
    }

    const failed = attributeErrors.some((errors) => Object.keys(errors).length > 0);
    labelErrors.push(failed ? { attributes: attributeErrors } : {});
    if (!existing) created.push({ name: label.name, color, attributes: newAttributes });
    else {
      if (existing.color !== color) recoloured.push({ id: existing.id, color });
      addedAttributes.push(...newAttributes.map((attribute) => ({ ...attribute, labelId: existing.id })));
    }
  }

  if (labelErrors.some((errors) => Object.keys(errors).length > 0)) return { errors: labelErrors };
  return { changes: { created, recoloured, addedAttributes, changedAttributes } };
}
