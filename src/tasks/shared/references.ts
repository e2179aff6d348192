import type { EntityManager } from 'typeorm';

import { pythonTypeName } from '../../common/validation/python-notation.js';
import type { FieldErrors } from '../../common/errors/domain-errors.js';
import { MAX_INT32 } from '../../common/validation/form-values.js';

/** A reference to another object as a body gave it: an id, or null for "none". */
export interface Reference {
  readonly id: number | null;
  /** The value as written, for the "does not exist" message. */
  readonly given: string;
}

const NONE: Reference = { id: null, given: '' };

/**
 * Reads a primary-key field as CVAT does: null and "" mean none, numbers and digit strings are
 * ids, anything else is the wrong type. Returns the field's message when the value is unusable.
 */
export function readReference(value: unknown): Reference | string {
  if (value === null || value === '') return NONE;
  if (typeof value === 'number' && Number.isInteger(value)) return { id: value, given: String(value) };
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return { id: Number(value), given: value };
  return `Incorrect type. Expected pk value, received ${pythonTypeName(value)}.`;
}

export interface ReferenceCheck {
  readonly field: string;
  readonly table: 'users' | 'projects';
  readonly reference: Reference | undefined;
}

/**
 * Adds "does not exist" errors for references to missing rows. The rows found are locked against
 * deletion until the transaction ends, so what was checked still exists when it is written.
 */
export async function checkReferences(
  manager: EntityManager,
  checks: readonly ReferenceCheck[],
  errors: FieldErrors,
): Promise<void> {
  for (const table of ['users', 'projects'] as const) {
    const wanted = checks.filter((check) => check.table === table && check.reference?.id != null);
    if (wanted.length === 0) continue;
    const ids = wanted
      .map((check) => check.reference?.id as number)
      .filter((id) => id >= 1 && id <= MAX_INT32);
    const rows = await manager.query<Array<{ id: number }>>(
      `SELECT id FROM ${table} WHERE id = ANY($1::int[]) FOR KEY SHARE`,
      [ids],
    );
    const found = new Set(rows.map((row) => row.id));
    for (const { field, reference } of wanted) {
      if (!found.has(reference?.id as number)) {
        errors[field] = [`Invalid pk "${reference?.given}" - object does not exist.`];
      }
    }
  }
}
