import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, USERNAME_MAX_LENGTH } from './account-fields.js';

/** What everybody may see of any user. */
export class BasicUserDto {
  @ApiProperty({ format: 'uri', example: 'http://localhost:8080/api/v1/users/1' })
  url!: string;

  @ApiProperty()
  id!: number;

  @ApiProperty()
  username!: string;

  @ApiProperty()
  first_name!: string;

  @ApiProperty()
  last_name!: string;
}

/** What staff see of every user, and every user of himself. */
export class FullUserDto extends BasicUserDto {
  @ApiProperty()
  email!: string;

  @ApiProperty({ type: [String], example: ['admin'] })
  groups!: string[];

  @ApiProperty()
  is_staff!: boolean;

  @ApiProperty()
  is_superuser!: boolean;

  @ApiProperty()
  is_active!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_login!: string | null;

  @ApiProperty({ format: 'date-time' })
  date_joined!: string;
}

export type UserDto = BasicUserDto | FullUserDto;

/** Documentation of the PATCH body; the fields a requester may send depend on who he is. */
export class UserPatchDto {
  @ApiPropertyOptional({ maxLength: USERNAME_MAX_LENGTH })
  username?: string;

  @ApiPropertyOptional({ maxLength: NAME_MAX_LENGTH })
  first_name?: string;

  @ApiPropertyOptional({ maxLength: NAME_MAX_LENGTH })
  last_name?: string;

  @ApiPropertyOptional({ maxLength: EMAIL_MAX_LENGTH, description: 'Staff requesters only.' })
  email?: string;

  @ApiPropertyOptional({ type: [String], description: 'Group names. Staff requesters only.' })
  groups?: string[];

  @ApiPropertyOptional({ description: 'Staff requesters only.' })
  is_staff?: boolean;

  @ApiPropertyOptional({ description: 'Staff requesters only.' })
  is_superuser?: boolean;

  @ApiPropertyOptional({ description: 'Staff requesters only.' })
  is_active?: boolean;
}
