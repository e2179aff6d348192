import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import type { FieldErrors } from '../../common/errors/domain-errors.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import { toFieldErrors } from '../../common/validation/field-errors.js';
import { asDictionary, TextField } from '../shared/body-fields.js';
import { readReference, type Reference } from '../shared/references.js';

export const PROJECT_NAME_MAX_LENGTH = 256;
export const PROJECT_BUG_TRACKER_MAX_LENGTH = 2000;

class ProjectFields {
  @TextField({ maxLength: PROJECT_NAME_MAX_LENGTH })
  name?: string;

  @TextField({ maxLength: PROJECT_BUG_TRACKER_MAX_LENGTH, allowBlank: true })
  bug_tracker?: string;
}

export interface ProjectInput {
  readonly name?: string;
  readonly bugTracker?: string;
  readonly owner?: Reference;
  readonly assignee?: Reference;
}

/** Reads a project body; the caller adds what only the database can tell, then answers. */
export async function readProjectInput(
  body: unknown,
  mode: 'create' | 'patch',
): Promise<{ input: ProjectInput; errors: FieldErrors }> {
  const raw = asDictionary(body);
  const fields = plainToInstance(ProjectFields, raw);
  const errors = toFieldErrors(await validate(fields, { stopAtFirstError: true }));
  if (mode === 'create' && raw.name === undefined) errors.name = [CVAT_MESSAGES.required];

  const references: { owner?: Reference; assignee?: Reference } = {};
  for (const field of ['owner', 'assignee'] as const) {
    if (raw[field] === undefined) continue;
    const reference = readReference(raw[field]);
    if (typeof reference === 'string') errors[field] = [reference];
    else references[field] = reference;
  }
  return { input: { name: fields.name, bugTracker: fields.bug_tracker, ...references }, errors };
}
