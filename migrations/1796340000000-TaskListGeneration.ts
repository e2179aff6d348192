import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A generation number for task lists: every change that can alter which tasks a list query
 * matches or sees moves it on, so a cached count is used only while its generation is current.
 * A sequence rather than a counter row: bumping it never waits on another transaction. The
 * transaction that bumps it also holds a shared advisory lock until it ends, so that a reader can
 * tell whether such a change is still uncommitted (the lock key is TASK_LIST_WRITERS_LOCK in
 * src/tasks/tasks/task-count-cache.ts).
 */
export class TaskListGeneration1796340000000 implements MigrationInterface {
  name = 'TaskListGeneration1796340000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "task_list_generation"`);
    await queryRunner.query(
      `CREATE FUNCTION "bump_task_list_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM pg_advisory_xact_lock_shared(7340000001);
         PERFORM nextval('task_list_generation');
         RETURN NULL;
       END $$`,
    );
    // Rows coming or going in any table a list query reads.
    for (const table of ['tasks', 'projects', 'users', 'segments', 'jobs']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_list_generation" AFTER INSERT OR DELETE OR TRUNCATE ON "${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION "bump_task_list_generation"()`,
      );
    }
    // Any change of a task but the touch of updated_date that every annotation save makes.
    await queryRunner.query(
      `CREATE TRIGGER "tasks_update_list_generation" AFTER UPDATE ON "tasks" FOR EACH ROW
       WHEN ((to_jsonb(OLD) - 'updated_date') IS DISTINCT FROM (to_jsonb(NEW) - 'updated_date'))
       EXECUTE FUNCTION "bump_task_list_generation"()`,
    );
    // The other tables matter through the columns that searches and visibility read.
    const columns: Record<string, string> = {
      projects: '"name", "owner_id", "assignee_id"',
      users: '"username"',
      jobs: '"assignee_id", "segment_id"',
      segments: '"task_id"',
    };
    for (const [table, list] of Object.entries(columns)) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_update_list_generation" AFTER UPDATE OF ${list} ON "${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION "bump_task_list_generation"()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['projects', 'users', 'jobs', 'segments']) {
      await queryRunner.query(`DROP TRIGGER "${table}_update_list_generation" ON "${table}"`);
    }
    await queryRunner.query(`DROP TRIGGER "tasks_update_list_generation" ON "tasks"`);
    for (const table of ['tasks', 'projects', 'users', 'segments', 'jobs']) {
      await queryRunner.query(`DROP TRIGGER "${table}_list_generation" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "bump_task_list_generation"()`);
    await queryRunner.query(`DROP SEQUENCE "task_list_generation"`);
  }
}
