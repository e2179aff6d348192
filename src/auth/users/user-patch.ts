import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import { FieldValidationError, type FieldErrors } from '../../common/errors/domain-errors.js';
import { CvatBoolean } from '../../common/validation/cvat-fields.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import { toFieldErrors } from '../../common/validation/field-errors.js';
import { OptionalEmail, PersonName, Username } from './account-fields.js';
import type { UserRepresentation } from './user.mapper.js';
import { pythonScalar, pythonSetRepr, pythonTypeName } from '../../common/validation/python-notation.js';

class BasicUserPatch {
  @Username({ required: false })
  username?: string;

  @PersonName()
  first_name?: string;

  @PersonName()
  last_name?: string;
}

class FullUserPatch extends BasicUserPatch {
  @OptionalEmail()
  email?: string;

  @CvatBoolean({ required: false })
  is_staff?: boolean;

  @CvatBoolean({ required: false })
  is_superuser?: boolean;

  @CvatBoolean({ required: false })
  is_active?: boolean;
}

/** The changes a PATCH asks for; `groupNames` still has to be resolved against the database. */
export interface UserPatch {
  readonly username?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly groupNames?: string[];
  readonly isStaff?: boolean;
  readonly isSuperuser?: boolean;
  readonly isActive?: boolean;
}

/** Every field of the basic representation; read-only ones are accepted in a body and ignored. */
const BASIC_FIELDS = new Set(['url', 'id', 'username', 'first_name', 'last_name']);
const PRIVILEGED_FIELDS = ['is_staff', 'is_superuser', 'groups'];

/**
 * Reads a PATCH body against the fields of the requester's representation. Field problems are
 * returned rather than thrown, so that the caller can add the ones only the database can tell.
 */
export async function readUserPatch(
  body: unknown,
  representation: UserRepresentation,
): Promise<{ patch: UserPatch; errors: FieldErrors }> {
  const fields = asDictionary(body);
  const type = representation === 'full' ? FullUserPatch : BasicUserPatch;
  const input = plainToInstance(type, fields) as FullUserPatch;
  const errors = toFieldErrors(await validate(input, { stopAtFirstError: true }));

  let groupNames: string[] | undefined;
  if (representation === 'full' && fields.groups !== undefined) {
    const groups = readGroupNames(fields.groups);
    if (typeof groups === 'string') errors.groups = [groups];
    else groupNames = groups;
  }

  const patch: UserPatch = {
    username: input.username,
    firstName: input.first_name,
    lastName: input.last_name,
    email: input.email,
    groupNames,
    isStaff: input.is_staff,
    isSuperuser: input.is_superuser,
    isActive: input.is_active,
  };
  return { patch, errors };
}

/** The basic representation rejects every key it does not have, naming privileged ones specially. */
export function assertOnlyBasicFields(body: unknown): void {
  const unknown = Object.keys(asDictionary(body)).filter((key) => !BASIC_FIELDS.has(key));
  if (unknown.length === 0) return;
  const privileged = unknown.some((key) => PRIVILEGED_FIELDS.includes(key));
  const message = privileged
    ? 'You do not have permissions to access some of these fields: '
    : 'Got unknown fields: ';
  throw FieldValidationError.nonField(`${message}${pythonSetRepr(unknown)}`);
}

function asDictionary(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw FieldValidationError.nonField(
      `Invalid data. Expected a dictionary, but got ${pythonTypeName(body)}.`,
    );
  }
  return body as Record<string, unknown>;
}

/** Group names as given, or the message for the field when the value cannot name groups. */
function readGroupNames(value: unknown): string[] | string {
  if (value === null) return CVAT_MESSAGES.notNull;
  if (!Array.isArray(value)) return CVAT_MESSAGES.list(pythonTypeName(value));
  const names: string[] = [];
  for (const item of value as unknown[]) {
    const name = pythonScalar(item);
    if (name === undefined) return 'Invalid value.';
    names.push(name);
  }
  return names;
}
