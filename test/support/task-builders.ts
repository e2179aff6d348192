import type pg from 'pg';

/** Anything that runs SQL: a client of the test application's database. */
export type Queryable = Pick<pg.Client, 'query'>;

/** A project row made directly in the database, for states the API cannot set up in one call. */
export class ProjectBuilder {
  private name = 'a project';
  private ownerId: number | null = null;
  private assigneeId: number | null = null;

  named(name: string): this {
    this.name = name;
    return this;
  }

  ownedBy(userId: number | null): this {
    this.ownerId = userId;
    return this;
  }

  assignedTo(userId: number | null): this {
    this.assigneeId = userId;
    return this;
  }

  async insert(db: Queryable): Promise<number> {
    const result = await db.query<{ id: number }>(
      'INSERT INTO projects (name, owner_id, assignee_id) VALUES ($1, $2, $3) RETURNING id',
      [this.name, this.ownerId, this.assigneeId],
    );
    return result.rows[0].id;
  }
}

/**
 * A task row made directly in the database. Jobs need media processing through the API, so
 * `withJob` writes a segment and its job the way that processing will.
 */
export class TaskBuilder {
  private name = 'a task';
  private ownerId: number | null = null;
  private assigneeId: number | null = null;
  private projectId: number | null = null;
  private readonly jobAssignees: Array<number | null> = [];
  private readonly labels: string[] = [];

  named(name: string): this {
    this.name = name;
    return this;
  }

  ownedBy(userId: number | null): this {
    this.ownerId = userId;
    return this;
  }

  assignedTo(userId: number | null): this {
    this.assigneeId = userId;
    return this;
  }

  inProject(projectId: number): this {
    this.projectId = projectId;
    return this;
  }

  /** One more segment of ten frames with its job, assigned to `userId` or to nobody. */
  withJob(assigneeId: number | null = null): this {
    this.jobAssignees.push(assigneeId);
    return this;
  }

  withJobs(count: number): this {
    for (let job = 0; job < count; job += 1) this.withJob();
    return this;
  }

  withLabel(name: string): this {
    this.labels.push(name);
    return this;
  }

  async insert(db: Queryable): Promise<number> {
    const result = await db.query<{ id: number }>(
      `INSERT INTO tasks (name, owner_id, assignee_id, project_id) VALUES ($1, $2, $3, $4) RETURNING id`,
      [this.name, this.ownerId, this.assigneeId, this.projectId],
    );
    const id = result.rows[0].id;
    for (const [index, assignee] of this.jobAssignees.entries()) {
      const segment = await db.query<{ id: number }>(
        'INSERT INTO segments (task_id, start_frame, stop_frame) VALUES ($1, $2, $3) RETURNING id',
        [id, index * 10, index * 10 + 9],
      );
      await db.query('INSERT INTO jobs (segment_id, assignee_id) VALUES ($1, $2)', [
        segment.rows[0].id,
        assignee,
      ]);
    }
    for (const label of this.labels) {
      await db.query(`INSERT INTO labels (task_id, name, color) VALUES ($1, $2, '#000000')`, [id, label]);
    }
    return id;
  }
}

export const aProject = (): ProjectBuilder => new ProjectBuilder();
export const aTask = (): TaskBuilder => new TaskBuilder();
