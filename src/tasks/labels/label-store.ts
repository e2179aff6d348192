import type { EntityManager } from 'typeorm';

import type { AttributeValues, LabelChanges, StoredLabel } from './label-merge.js';

interface LabelRow {
  id: number;
  name: string;
  color: string;
  attribute_id: number | null;
  attribute_name: string;
  mutable: boolean;
  input_type: string;
  default_value: string;
  values: string;
}

/** A task's labels with their attributes, in id order, for merging a body into them. */
export async function loadLabels(manager: EntityManager, taskId: number): Promise<StoredLabel[]> {
  const rows = await manager.query<LabelRow[]>(
    `SELECT l.id, l.name, l.color, a.id AS attribute_id, a.name AS attribute_name, a.mutable,
            a.input_type, a.default_value, a."values"
       FROM labels l
       LEFT JOIN attribute_specs a ON a.label_id = l.id
      WHERE l.task_id = $1
      ORDER BY l.id, a.id`,
    [taskId],
  );
  const labels = new Map<number, StoredLabel & { attributes: StoredLabel['attributes'][number][] }>();
  for (const row of rows) {
    const label = labels.get(row.id) ?? { id: row.id, name: row.name, color: row.color, attributes: [] };
    labels.set(row.id, label);
    if (row.attribute_id === null) continue;
    label.attributes.push({
      id: row.attribute_id,
      name: row.attribute_name,
      mutable: row.mutable,
      inputType: row.input_type,
      defaultValue: row.default_value,
      values: row.values,
    });
  }
  return [...labels.values()];
}

async function insertAttributes(
  manager: EntityManager,
  attributes: ReadonlyArray<AttributeValues & { labelId: number }>,
): Promise<void> {
  if (attributes.length === 0) return;
  await manager.query(
    `INSERT INTO attribute_specs (label_id, name, mutable, input_type, default_value, "values")
     SELECT label_id, name, mutable, input_type, default_value, "values"
       FROM unnest($1::int[], $2::text[], $3::bool[], $4::text[], $5::text[], $6::text[])
            WITH ORDINALITY AS given(label_id, name, mutable, input_type, default_value, "values", position)
      ORDER BY position`,
    [
      attributes.map((attribute) => attribute.labelId),
      attributes.map((attribute) => attribute.name),
      attributes.map((attribute) => attribute.mutable),
      attributes.map((attribute) => attribute.inputType),
      attributes.map((attribute) => attribute.defaultValue),
      attributes.map((attribute) => attribute.values),
    ],
  );
}

/**
 * Writes merged labels with a fixed number of statements whatever their count; new labels and
 * attributes get ids in the order they were given.
 */
export async function applyLabelChanges(
  manager: EntityManager,
  taskId: number,
  changes: LabelChanges,
): Promise<void> {
  const attributes = [...changes.addedAttributes];
  if (changes.created.length > 0) {
    const inserted = await manager.query<Array<{ id: number; name: string }>>(
      `INSERT INTO labels (task_id, name, color)
       SELECT $1, name, color FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS given(name, color, position)
        ORDER BY position
       RETURNING id, name`,
      [taskId, changes.created.map((label) => label.name), changes.created.map((label) => label.color)],
    );
    const ids = new Map(inserted.map((row) => [row.name, row.id]));
    for (const label of changes.created) {
      attributes.push(
        ...label.attributes.map((attribute) => ({ ...attribute, labelId: ids.get(label.name) as number })),
      );
    }
  }
  await insertAttributes(manager, attributes);

  if (changes.recoloured.length > 0) {
    await manager.query(
      `UPDATE labels l SET color = given.color
         FROM unnest($1::int[], $2::text[]) AS given(id, color)
        WHERE l.id = given.id`,
      [changes.recoloured.map((label) => label.id), changes.recoloured.map((label) => label.color)],
    );
  }
  if (changes.changedAttributes.length > 0) {
    const changed = changes.changedAttributes;
    await manager.query(
      `UPDATE attribute_specs a
          SET mutable = given.mutable, input_type = given.input_type,
              default_value = given.default_value, "values" = given."values"
         FROM unnest($1::int[], $2::bool[], $3::text[], $4::text[], $5::text[])
              AS given(id, mutable, input_type, default_value, "values")
        WHERE a.id = given.id`,
      [
        changed.map((attribute) => attribute.id),
        changed.map((attribute) => attribute.mutable),
        changed.map((attribute) => attribute.inputType),
        changed.map((attribute) => attribute.defaultValue),
        changed.map((attribute) => attribute.values),
      ],
    );
  }
}
