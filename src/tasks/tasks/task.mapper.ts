import { absoluteUrl, type RequestOrigin } from '../../common/http/absolute-url.js';
import { formatTimestamp } from '../../common/http/timestamp.js';
import type { AttributeDto, LabelDto } from '../labels/label.dto.js';
import type { TaskMediaFields } from '../storage/task-media.js';
import type { SegmentDto, TaskDto } from './task.dto.js';
import type { AttributeRecord, LabelRecord, SegmentRecord, TaskRecord } from './task-records.js';

function toAttributeDto(attribute: AttributeRecord): AttributeDto {
  return {
    id: attribute.id,
    name: attribute.name,
    mutable: attribute.mutable,
    input_type: attribute.input_type,
    default_value: attribute.default_value,
    // Stored joined; an attribute without values therefore reads back as [""], as in CVAT.
    values: attribute.values.split('\n'),
  };
}

function toLabelDto(label: LabelRecord): LabelDto {
  return {
    id: label.id,
    name: label.name,
    color: label.color,
    attributes: label.attributes.map(toAttributeDto),
  };
}

function toSegmentDto(segment: SegmentRecord, origin: RequestOrigin): SegmentDto {
  return {
    start_frame: segment.start_frame,
    stop_frame: segment.stop_frame,
    jobs: segment.jobs.map((job) => ({
      url: absoluteUrl(origin, `/api/v1/jobs/${job.id}`),
      id: job.id,
      assignee: job.assignee,
      status: job.status,
    })),
  };
}

/** The task representation in CVAT's field order; the media fields only once media is attached. */
export function toTaskDto(task: TaskRecord, origin: RequestOrigin, media?: TaskMediaFields): TaskDto {
  return {
    url: absoluteUrl(origin, `/api/v1/tasks/${task.id}`),
    id: task.id,
    name: task.name,
    mode: task.mode,
    owner: task.owner_id,
    assignee: task.assignee_id,
    bug_tracker: task.bug_tracker,
    created_date: formatTimestamp(task.created_date),
    updated_date: formatTimestamp(task.updated_date),
    overlap: task.overlap,
    segment_size: task.segment_size,
    status: task.status,
    labels: task.labels.map(toLabelDto),
    segments: task.segments.map((segment) => toSegmentDto(segment, origin)),
    project: task.project_id,
    ...media,
  };
}
