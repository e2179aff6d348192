import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, ValidateIf } from 'class-validator';

import { CvatString } from '../../common/validation/cvat-fields.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';

export class LoginDto {
  @ApiPropertyOptional()
  @CvatString({ required: false, allowBlank: true })
  username?: string;

  @ApiPropertyOptional({ description: 'Accepted and ignored: signing in by e-mail is not supported.' })
  @ValidateIf((_, value) => value !== undefined && value !== '')
  @IsEmail({}, { message: CVAT_MESSAGES.email })
  email?: string;

  @ApiProperty({ format: 'password' })
  @CvatString()
  password!: string;
}

export class KeyDto {
  @ApiProperty({ description: 'API key for `Authorization: Token <key>`.' })
  key!: string;
}

export class DetailDto {
  @ApiProperty()
  detail!: string;
}
