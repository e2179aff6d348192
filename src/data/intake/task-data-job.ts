/** The Bull job id of a task's media processing (spec README §6): one job per task, ever. */
export function taskDataJobId(taskId: number): string {
  return `/api/v1/tasks/${taskId}`;
}
