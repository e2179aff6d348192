import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { PROJECT_BUG_TRACKER_MAX_LENGTH, PROJECT_NAME_MAX_LENGTH } from './project-input.js';

export class ProjectDto {
  @ApiProperty({ format: 'uri', example: 'http://localhost:8080/api/v1/projects/1' })
  url!: string;

  @ApiProperty()
  id!: number;

  @ApiProperty({ maxLength: PROJECT_NAME_MAX_LENGTH })
  name!: string;

  @ApiProperty({ type: Number, nullable: true })
  owner!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  assignee!: number | null;

  @ApiProperty({ maxLength: PROJECT_BUG_TRACKER_MAX_LENGTH })
  bug_tracker!: string;

  @ApiProperty({ format: 'date-time' })
  created_date!: string;

  @ApiProperty({ format: 'date-time', description: 'Set at creation; updates do not refresh it.' })
  updated_date!: string;

  @ApiProperty({ enum: ['annotation'] })
  status!: string;
}

export class ProjectWriteDto {
  @ApiProperty({ maxLength: PROJECT_NAME_MAX_LENGTH })
  name!: string;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'A user id; the requester when absent.' })
  owner?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'A user id.' })
  assignee?: number | null;

  @ApiPropertyOptional({ maxLength: PROJECT_BUG_TRACKER_MAX_LENGTH, default: '' })
  bug_tracker?: string;
}

export class ProjectPatchDto {
  @ApiPropertyOptional({ maxLength: PROJECT_NAME_MAX_LENGTH })
  name?: string;

  @ApiPropertyOptional({ type: Number, nullable: true })
  owner?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  assignee?: number | null;

  @ApiPropertyOptional({ maxLength: PROJECT_BUG_TRACKER_MAX_LENGTH })
  bug_tracker?: string;
}
