import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import type { FieldErrors } from '../../common/errors/domain-errors.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import { toFieldErrors } from '../../common/validation/field-errors.js';
import { readLabels, type LabelInput } from '../labels/label-input.js';
import { asDictionary, SizeField, TextField } from '../shared/body-fields.js';
import { readReference, type Reference, type ReferenceCheck } from '../shared/references.js';

export const TASK_NAME_MAX_LENGTH = 256;
export const BUG_TRACKER_MAX_LENGTH = 2000;

/** POST creates, PUT needs the name and labels again, PATCH takes any subset. */
export type TaskWriteMode = 'create' | 'replace' | 'patch';

class TaskFields {
  @TextField({ maxLength: TASK_NAME_MAX_LENGTH })
  name?: string;

  @TextField({ maxLength: BUG_TRACKER_MAX_LENGTH, allowBlank: true })
  bug_tracker?: string;

  @SizeField({ nullable: true })
  overlap?: number | null;

  @SizeField()
  segment_size?: number;
}

/** A task body as read: absent fields are undefined; references still have to be looked up. */
export interface TaskInput {
  readonly name?: string;
  readonly bugTracker?: string;
  readonly overlap?: number | null;
  readonly segmentSize?: number;
  readonly owner?: Reference;
  readonly assignee?: Reference;
  readonly project?: Reference;
  readonly labels?: readonly LabelInput[];
}

const REFERENCES = ['owner', 'assignee', 'project'] as const;

/**
 * Reads a task body against the writable fields of spec/tasks.md. Read-only and unknown fields
 * are ignored. Field problems are returned rather than thrown, so the caller can add those only
 * the database can tell before answering.
 */
export async function readTaskInput(
  body: unknown,
  mode: TaskWriteMode,
): Promise<{ input: TaskInput; errors: FieldErrors }> {
  const raw = asDictionary(body);
  const fields = plainToInstance(TaskFields, raw);
  const errors = toFieldErrors(await validate(fields, { stopAtFirstError: true }));

  if (mode !== 'patch') {
    for (const required of ['name', 'labels']) {
      if (raw[required] === undefined) errors[required] = [CVAT_MESSAGES.required];
    }
  }

  const references: Partial<Record<(typeof REFERENCES)[number], Reference>> = {};
  for (const field of REFERENCES) {
    if (raw[field] === undefined) continue;
    const reference = readReference(raw[field]);
    if (typeof reference === 'string') errors[field] = [reference];
    else references[field] = reference;
  }

  let labels: readonly LabelInput[] | undefined;
  if (raw.labels !== undefined) {
    const reading = await readLabels(raw.labels);
    if (reading.problem) errors.labels = reading.problem;
    else labels = reading.value;
  }

  const input: TaskInput = {
    name: fields.name,
    bugTracker: fields.bug_tracker,
    overlap: fields.overlap,
    segmentSize: fields.segment_size,
    ...references,
    labels,
  };
  return { input, errors };
}

/** The users and project a task body names, to be checked against the database. */
export function taskReferences(input: TaskInput): ReferenceCheck[] {
  return [
    { field: 'owner', table: 'users', reference: input.owner },
    { field: 'assignee', table: 'users', reference: input.assignee },
    { field: 'project', table: 'projects', reference: input.project },
  ];
}
