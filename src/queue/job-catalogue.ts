/**
 * Every queue, every job name and its payload. Payloads carry ids and plain values only, never
 * entities. A worker refuses to start when a job listed here has no processor.
 */
export interface JobCatalogue {
  maintenance: {
    'remove-stale-temp-files': { readonly olderThanSeconds: number };
    /** Directories of tasks that no longer exist, left by a crash between a deletion and its file removal. */
    'remove-orphan-task-directories': { readonly olderThanSeconds: number };
  };
  media: {
    /** Turns the uploads of a task's data record into chunks, segments and jobs. */
    'create-task-data': { readonly taskId: number; readonly dataId: number };
  };
}

export type QueueName = keyof JobCatalogue;
export type JobName<Q extends QueueName> = keyof JobCatalogue[Q] & string;
export type JobPayload<Q extends QueueName, N extends JobName<Q>> = JobCatalogue[Q][N];

/** The catalogue as a value, so start-up can compare it with the processors that exist. */
export const JOB_NAMES: { readonly [Q in QueueName]: readonly JobName<Q>[] } = {
  maintenance: ['remove-stale-temp-files', 'remove-orphan-task-directories'],
  media: ['create-task-data'],
};

export const QUEUE_NAMES = Object.keys(JOB_NAMES) as QueueName[];
