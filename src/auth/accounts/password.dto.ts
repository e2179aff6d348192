import { ApiProperty } from '@nestjs/swagger';

import { CvatString } from '../../common/validation/cvat-fields.js';
import { PasswordField, RequiredEmail } from '../users/account-fields.js';

/** The reference caps passwords typed into its password forms at 128 characters. */
const FORM_PASSWORD_MAX = 128;

export class PasswordChangeDto {
  @ApiProperty({ format: 'password', maxLength: FORM_PASSWORD_MAX })
  @PasswordField({ maxLength: FORM_PASSWORD_MAX })
  old_password!: string;

  @ApiProperty({ format: 'password', maxLength: FORM_PASSWORD_MAX })
  @PasswordField({ maxLength: FORM_PASSWORD_MAX })
  new_password1!: string;

  @ApiProperty({ format: 'password', maxLength: FORM_PASSWORD_MAX })
  @PasswordField({ maxLength: FORM_PASSWORD_MAX })
  new_password2!: string;
}

export class PasswordResetDto {
  @ApiProperty({ format: 'email' })
  @RequiredEmail()
  email!: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ format: 'password', maxLength: FORM_PASSWORD_MAX })
  @PasswordField({ maxLength: FORM_PASSWORD_MAX })
  new_password1!: string;

  @ApiProperty({ format: 'password', maxLength: FORM_PASSWORD_MAX })
  @PasswordField({ maxLength: FORM_PASSWORD_MAX })
  new_password2!: string;

  @ApiProperty({ description: 'The `uid` parameter of the link in the reset message.' })
  @CvatString()
  uid!: string;

  @ApiProperty({ description: 'The `token` parameter of the link in the reset message.' })
  @CvatString()
  token!: string;
}
