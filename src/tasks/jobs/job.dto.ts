import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { TASK_STATUSES } from '../tasks/task-states.js';

export class JobDto {
  @ApiProperty({ format: 'uri', example: 'http://localhost:8080/api/v1/jobs/15' })
  url!: string;

  @ApiProperty()
  id!: number;

  @ApiProperty({ type: Number, nullable: true })
  assignee!: number | null;

  @ApiProperty({ enum: TASK_STATUSES })
  status!: string;

  @ApiProperty({ description: 'First frame of the segment, task-relative.' })
  start_frame!: number;

  @ApiProperty({ description: 'Last frame of the segment, task-relative and inclusive.' })
  stop_frame!: number;

  @ApiProperty()
  task_id!: number;
}

/** The body of PUT and PATCH: any subset of the writable fields. Read-only fields are ignored. */
export class JobWriteDto {
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'A user id.' })
  assignee?: number | null;

  @ApiPropertyOptional({ enum: TASK_STATUSES })
  status?: string;
}
