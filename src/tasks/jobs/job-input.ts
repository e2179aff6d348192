import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import type { FieldErrors } from '../../common/errors/domain-errors.js';
import { toFieldErrors } from '../../common/validation/field-errors.js';
import { asDictionary, ChoiceField } from '../shared/body-fields.js';
import { readReference, type Reference, type ReferenceCheck } from '../shared/references.js';
import { TASK_STATUSES, type TaskStatus } from '../tasks/task-states.js';

class JobFields {
  @ChoiceField(TASK_STATUSES)
  status?: TaskStatus;
}

/** A job body as read: absent fields are undefined; the assignee still has to be looked up. */
export interface JobInput {
  readonly status?: TaskStatus;
  readonly assignee?: Reference;
}

/**
 * Reads a job body against the writable fields of spec/tasks.md, section 3; PUT and PATCH alike
 * take any subset. Read-only and unknown fields are ignored; problems are returned, not thrown.
 */
export async function readJobInput(body: unknown): Promise<{ input: JobInput; errors: FieldErrors }> {
  const raw = asDictionary(body);
  const fields = plainToInstance(JobFields, raw);
  const errors = toFieldErrors(await validate(fields, { stopAtFirstError: true }));
  let assignee: Reference | undefined;
  if (raw.assignee !== undefined) {
    const reference = readReference(raw.assignee);
    if (typeof reference === 'string') errors.assignee = [reference];
    else assignee = reference;
  }
  return { input: { status: fields.status, assignee }, errors };
}

export function jobReferences(input: JobInput): ReferenceCheck[] {
  return [{ field: 'assignee', table: 'users', reference: input.assignee }];
}
