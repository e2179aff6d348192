import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsUrl } from 'class-validator';

import { CvatBoolean, CvatDateTime, CvatInt, CvatString } from '../../common/validation/cvat-fields.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';

/** A client-side exception report (`POST /server/exception`). */
export class ExceptionReportDto {
  @ApiProperty({ maxLength: 255 })
  @CvatString({ maxLength: 255 })
  system!: string;

  @ApiProperty({ maxLength: 255 })
  @CvatString({ maxLength: 255 })
  client!: string;

  @ApiProperty({ format: 'date-time' })
  @CvatDateTime()
  time!: string;

  @ApiPropertyOptional()
  @CvatInt({ required: false, nullable: true })
  job_id?: number;

  @ApiPropertyOptional()
  @CvatInt({ required: false, nullable: true })
  task_id?: number;

  @ApiPropertyOptional()
  @CvatInt({ required: false, nullable: true })
  proj_id?: number;

  @ApiProperty()
  @CvatInt()
  client_id!: number;

  @ApiProperty({ maxLength: 4096 })
  @CvatString({ maxLength: 4096 })
  message!: string;

  @ApiProperty({ format: 'uri' })
  @IsUrl({ require_tld: false }, { message: CVAT_MESSAGES.url })
  @CvatString()
  filename!: string;

  @ApiProperty()
  @CvatInt()
  line!: number;

  @ApiProperty()
  @CvatInt()
  column!: number;

  @ApiProperty({ maxLength: 8192, description: 'May be empty.' })
  @CvatString({ maxLength: 8192, allowBlank: true })
  stack!: string;
}

/** One client event of `POST /server/logs`. */
export class ClientEventDto {
  @ApiPropertyOptional()
  @CvatInt({ required: false, nullable: true })
  job_id?: number;

  @ApiPropertyOptional()
  @CvatInt({ required: false, nullable: true })
  task_id?: number;

  @ApiPropertyOptional()
  @CvatInt({ required: false, nullable: true })
  proj_id?: number;

  @ApiProperty()
  @CvatInt()
  client_id!: number;

  @ApiProperty({ maxLength: 64 })
  @CvatString({ maxLength: 64 })
  name!: string;

  @ApiProperty({ format: 'date-time' })
  @CvatDateTime()
  time!: string;

  @ApiPropertyOptional({ maxLength: 4096 })
  @CvatString({ maxLength: 4096, required: false, allowBlank: true })
  message?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject({ message: 'Expected a dictionary of items.' })
  payload?: Record<string, unknown>;

  @ApiProperty()
  @CvatBoolean()
  is_active!: boolean;
}
