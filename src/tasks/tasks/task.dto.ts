import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { LabelDto, LabelInputDto } from '../labels/label.dto.js';
import { BUG_TRACKER_MAX_LENGTH, TASK_NAME_MAX_LENGTH } from './task-input.js';
import { TASK_MODES, TASK_STATUSES } from './task-states.js';

export class JobSummaryDto {
  @ApiProperty({ format: 'uri', example: 'http://localhost:8080/api/v1/jobs/15' })
  url!: string;

  @ApiProperty()
  id!: number;

  @ApiProperty({ type: Number, nullable: true })
  assignee!: number | null;

  @ApiProperty({ enum: TASK_STATUSES })
  status!: string;
}

export class SegmentDto {
  @ApiProperty()
  start_frame!: number;

  @ApiProperty()
  stop_frame!: number;

  @ApiProperty({ type: [JobSummaryDto] })
  jobs!: JobSummaryDto[];
}

export class TaskDto {
  @ApiProperty({ format: 'uri', example: 'http://localhost:8080/api/v1/tasks/7' })
  url!: string;

  @ApiProperty()
  id!: number;

  @ApiProperty({ maxLength: TASK_NAME_MAX_LENGTH })
  name!: string;

  @ApiProperty({ enum: ['', ...TASK_MODES], description: 'Empty until media processing finishes.' })
  mode!: string;

  @ApiProperty({ type: Number, nullable: true })
  owner!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  assignee!: number | null;

  @ApiProperty({ maxLength: BUG_TRACKER_MAX_LENGTH })
  bug_tracker!: string;

  @ApiProperty({ format: 'date-time' })
  created_date!: string;

  @ApiProperty({ format: 'date-time', description: 'Refreshed by every change of the task.' })
  updated_date!: string;

  @ApiProperty({ type: Number, nullable: true })
  overlap!: number | null;

  @ApiProperty()
  segment_size!: number;

  @ApiProperty({ enum: TASK_STATUSES })
  status!: string;

  @ApiProperty({ type: [LabelDto] })
  labels!: LabelDto[];

  @ApiProperty({ type: [SegmentDto], description: 'Empty until media processing finishes.' })
  segments!: SegmentDto[];

  @ApiProperty({ type: Number, nullable: true })
  project!: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Absent until media is attached.' })
  data_chunk_size?: number | null;

  @ApiPropertyOptional({ enum: ['imageset', 'video'], description: 'Absent until media is attached.' })
  data_compressed_chunk_type?: string;

  @ApiPropertyOptional({ enum: ['imageset', 'video'], description: 'Absent until media is attached.' })
  data_original_chunk_type?: string;

  @ApiPropertyOptional({ description: 'Number of frames; absent until media is attached.' })
  size?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'Absent until media is attached.' })
  image_quality?: number;

  @ApiPropertyOptional({ description: 'The media record; absent until media is attached.' })
  data?: number;
}

/** The body of POST and PUT; PATCH takes any subset (TaskPatchDto). Read-only fields are ignored. */
export class TaskWriteDto {
  @ApiProperty({ maxLength: TASK_NAME_MAX_LENGTH })
  name!: string;

  @ApiProperty({ type: [LabelInputDto], minItems: 1, description: 'Merged into the task’s labels by name.' })
  labels!: LabelInputDto[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'A user id; the requester when absent on create.',
  })
  owner?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'A user id.' })
  assignee?: number | null;

  @ApiPropertyOptional({ maxLength: BUG_TRACKER_MAX_LENGTH, default: '' })
  bug_tracker?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, description: 'Write-once.' })
  overlap?: number | null;

  @ApiPropertyOptional({
    minimum: 0,
    default: 0,
    description: 'Write-once; 0 is one segment for the whole task.',
  })
  segment_size?: number;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'A project id.' })
  project?: number | null;
}

export class TaskPatchDto {
  @ApiPropertyOptional({ maxLength: TASK_NAME_MAX_LENGTH })
  name?: string;

  @ApiPropertyOptional({
    type: [LabelInputDto],
    minItems: 1,
    description: 'Merged into the task’s labels by name.',
  })
  labels?: LabelInputDto[];

  @ApiPropertyOptional({ type: Number, nullable: true })
  owner?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  assignee?: number | null;

  @ApiPropertyOptional({ maxLength: BUG_TRACKER_MAX_LENGTH })
  bug_tracker?: string;

  @ApiPropertyOptional({ type: Number, nullable: true })
  project?: number | null;
}
