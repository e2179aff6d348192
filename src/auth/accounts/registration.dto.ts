import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsObject, ValidateIf, ValidateNested, type ValidationArguments } from 'class-validator';

import { CvatBoolean, CvatString } from '../../common/validation/cvat-fields.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import {
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  OptionalEmail,
  PasswordField,
  PersonName,
  USERNAME_MAX_LENGTH,
  Username,
} from '../users/account-fields.js';
import { pythonTypeName } from '../../common/validation/python-notation.js';

/** The answer to one user agreement. */
export class ConfirmationDto {
  @ApiProperty({ maxLength: 256 })
  @CvatString({ maxLength: 256 })
  name!: string;

  @ApiPropertyOptional({ default: false })
  @CvatBoolean({ required: false })
  value?: boolean;
}

function notADictionary(list: unknown): string {
  const item: unknown = Array.isArray(list)
    ? (list as unknown[]).find((entry) => pythonTypeName(entry) !== 'dict')
    : list;
  return `Invalid data. Expected a dictionary, but got ${pythonTypeName(item)}.`;
}

export class RegistrationDto {
  @ApiProperty({ maxLength: USERNAME_MAX_LENGTH, description: 'Letters, digits and @ . + - _ only.' })
  @Username()
  username!: string;

  @ApiPropertyOptional({ format: 'email', maxLength: EMAIL_MAX_LENGTH, description: 'Blank means none.' })
  @OptionalEmail()
  email?: string;

  @ApiProperty({ format: 'password' })
  @PasswordField()
  password1!: string;

  @ApiProperty({ format: 'password' })
  @PasswordField()
  password2!: string;

  @ApiPropertyOptional({ maxLength: NAME_MAX_LENGTH })
  @PersonName()
  first_name?: string;

  @ApiPropertyOptional({ maxLength: NAME_MAX_LENGTH })
  @PersonName()
  last_name?: string;

  @ApiPropertyOptional({
    type: [ConfirmationDto],
    description: 'Answers to the user agreements; every required agreement needs `value: true`.',
  })
  // Checked bottom-up: first a list, then a list of objects, then each object's fields.
  @ValidateIf((_, value) => value !== undefined)
  @ValidateNested({ each: true })
  @IsObject({ each: true, message: ({ value }: ValidationArguments) => notADictionary(value) })
  @IsArray({ message: ({ value }: ValidationArguments) => CVAT_MESSAGES.list(pythonTypeName(value)) })
  @Type(() => ConfirmationDto)
  confirmations?: ConfirmationDto[];
}

export class RegisteredUserDto {
  @ApiProperty()
  username!: string;

  @ApiProperty({ description: 'Empty when none was given.' })
  email!: string;

  @ApiProperty()
  first_name!: string;

  @ApiProperty()
  last_name!: string;

  @ApiProperty({ description: 'Always false: e-mail verification is not used.' })
  email_verification_required!: boolean;
}
