import { absoluteUrl, type RequestOrigin } from '../../common/http/absolute-url.js';
import type { JobDto } from './job.dto.js';
import type { JobRecord } from './job-records.js';

/** The job representation in CVAT's field order. */
export function toJobDto(job: JobRecord, origin: RequestOrigin): JobDto {
  return {
    url: absoluteUrl(origin, `/api/v1/jobs/${job.id}`),
    id: job.id,
    assignee: job.assignee_id,
    status: job.status,
    start_frame: job.start_frame,
    stop_frame: job.stop_frame,
    task_id: job.task_id,
  };
}
