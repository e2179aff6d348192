import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsDefined,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  NotEquals,
  ValidateBy,
  ValidateIf,
  isEmail,
} from 'class-validator';

import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';

export const ACCOUNT_MESSAGES = {
  username: 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
  usernameTaken: 'A user with that username already exists.',
  emailTaken: 'A user is already registered with this e-mail address.',
} as const;

/** Letters and digits of any script plus `@ . + - _`, as Django's username validator allows. */
export const USERNAME_PATTERN = /^[\p{L}\p{N}_.@+-]+$/u;
export const USERNAME_MAX_LENGTH = 150;
export const NAME_MAX_LENGTH = 150;
export const EMAIL_MAX_LENGTH = 254;

/** Addresses need a domain with a dot, except `localhost` (the default administrator's domain). */
export function isAccountEmail(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (isEmail(value)) return true;
  return (
    isEmail(value, { require_tld: false }) &&
    value.slice(value.lastIndexOf('@') + 1).toLowerCase() === 'localhost'
  );
}

/*
 * class-validator checks `IsDefined` first and every other rule in the order it was applied, stopping
 * at the first failure; the lists below are therefore written in the order CVAT reports problems.
 */

// CVAT's serializers strip surrounding whitespace from text fields before validating them.
const Trimmed = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

function presence(required: boolean): PropertyDecorator[] {
  if (required) return [IsDefined({ message: CVAT_MESSAGES.required })];
  return [ValidateIf((_, value) => value !== undefined), NotEquals(null, { message: CVAT_MESSAGES.notNull })];
}

export function Username({ required = true }: { required?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    Trimmed(),
    ...presence(required),
    IsString({ message: CVAT_MESSAGES.string }),
    IsNotEmpty({ message: CVAT_MESSAGES.notBlank }),
    MaxLength(USERNAME_MAX_LENGTH, { message: CVAT_MESSAGES.maxLength(USERNAME_MAX_LENGTH) }),
    Matches(USERNAME_PATTERN, { message: ACCOUNT_MESSAGES.username }),
  );
}

/** An optional first or last name; blank is a valid value meaning "none". */
export function PersonName(): PropertyDecorator {
  return applyDecorators(
    Trimmed(),
    ...presence(false),
    IsString({ message: CVAT_MESSAGES.string }),
    MaxLength(NAME_MAX_LENGTH, { message: CVAT_MESSAGES.maxLength(NAME_MAX_LENGTH) }),
  );
}

/** An optional e-mail address; blank is accepted and means "none". */
export function OptionalEmail(): PropertyDecorator {
  return applyDecorators(
    Trimmed(),
    ...presence(false),
    IsString({ message: CVAT_MESSAGES.string }),
    MaxLength(EMAIL_MAX_LENGTH, { message: CVAT_MESSAGES.maxLength(EMAIL_MAX_LENGTH) }),
    ValidateBy(
      { name: 'isBlankOrEmail', validator: { validate: (value) => value === '' || isAccountEmail(value) } },
      { message: CVAT_MESSAGES.email },
    ),
  );
}

/** A required e-mail address. */
export function RequiredEmail(): PropertyDecorator {
  return applyDecorators(
    Trimmed(),
    ...presence(true),
    IsString({ message: CVAT_MESSAGES.string }),
    IsNotEmpty({ message: CVAT_MESSAGES.notBlank }),
    ValidateBy(
      { name: 'isAccountEmail', validator: { validate: isAccountEmail } },
      { message: CVAT_MESSAGES.email },
    ),
  );
}

/** A password as typed: required and never trimmed, so spaces at either end stay significant. */
export function PasswordField({ maxLength }: { maxLength?: number } = {}): PropertyDecorator {
  const bounds =
    maxLength === undefined ? [] : [MaxLength(maxLength, { message: CVAT_MESSAGES.maxLength(maxLength) })];
  return applyDecorators(
    ...presence(true),
    IsString({ message: CVAT_MESSAGES.string }),
    IsNotEmpty({ message: CVAT_MESSAGES.notBlank }),
    ...bounds,
  );
}
