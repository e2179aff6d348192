/**
 * What the relations of a user to an object depend on (spec/auth.md, section 6), loaded with the
 * object so that the policy can decide without further queries.
 */

export interface ProjectPeople {
  readonly ownerId: number | null;
  readonly assigneeId: number | null;
}

export interface TaskAccessFacts {
  readonly ownerId: number | null;
  readonly assigneeId: number | null;
  /** Null when the task belongs to no project. */
  readonly project: ProjectPeople | null;
  readonly hasJobs: boolean;
  /** Distinct assignees of the task's jobs. */
  readonly jobAssigneeIds: readonly number[];
}

export interface ProjectAccessFacts extends ProjectPeople {
  /** Some task of the project has jobs. */
  readonly hasTaskWithJobs: boolean;
  /** Some task of the project without assignee has jobs. */
  readonly hasUnassignedTaskWithJobs: boolean;
  /** Distinct assignees of the project's tasks that have jobs. */
  readonly assigneesOfTasksWithJobs: readonly number[];
  /** Distinct assignees of the jobs of the project's tasks. */
  readonly jobAssigneeIds: readonly number[];
}

export interface JobAccessFacts {
  readonly assigneeId: number | null;
  readonly task: TaskAccessFacts;
}
