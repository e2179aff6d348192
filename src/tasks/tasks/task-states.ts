/**
 * The words of the task and job state columns. `mode` is empty until media processing sets it;
 * a task's status is derived from its jobs' statuses (spec/tasks.md, section 3).
 */
export const TASK_MODES = ['annotation', 'interpolation'] as const;
export const TASK_STATUSES = ['annotation', 'validation', 'completed'] as const;

export type TaskMode = '' | (typeof TASK_MODES)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];
