import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectsAndTasks1796325250043 implements MigrationInterface {
  name = 'ProjectsAndTasks1796325250043';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "projects" ("id" SERIAL NOT NULL, "name" character varying(256) NOT NULL, "owner_id" integer, "assignee_id" integer, "bug_tracker" character varying(2000) NOT NULL DEFAULT '', "created_date" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_date" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status" character varying(32) NOT NULL DEFAULT 'annotation', CONSTRAINT "PK_6271df0a7aed1d6c0691ce6ac50" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b1bd2fbf5d0ef67319c91acb5c" ON "projects"  ("owner_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_00433b782df42bca74abcfbcb6" ON "projects"  ("assignee_id") `);
    // TypeORM records generated columns for its schema comparison; the database is this one, whatever its name.
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), $1, $2, $3, $4)`,
      ['tasks', 'GENERATED_COLUMN', 'search_name', 'lower(name)'],
    );
    await queryRunner.query(
      `CREATE TABLE "tasks" ("id" SERIAL NOT NULL, "project_id" integer, "name" character varying(256) NOT NULL, "search_name" text GENERATED ALWAYS AS (lower(name)) STORED NOT NULL, "mode" character varying(32) NOT NULL DEFAULT '', "owner_id" integer, "assignee_id" integer, "bug_tracker" character varying(2000) NOT NULL DEFAULT '', "created_date" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_date" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "overlap" integer, "segment_size" integer NOT NULL DEFAULT '0', "status" character varying(32) NOT NULL DEFAULT 'annotation', "data_id" integer, CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9eecdb5b1ed8c7c2a1b392c28d" ON "tasks"  ("project_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_2c604dff4334cddf411d3f8a0f" ON "tasks"  ("data_id") `);
    await queryRunner.query(`CREATE INDEX "tasks_status_id" ON "tasks"  ("status", "id") `);
    await queryRunner.query(`CREATE INDEX "tasks_name_id" ON "tasks"  ("name", "id") `);
    await queryRunner.query(`CREATE INDEX "tasks_assignee_id_id" ON "tasks"  ("assignee_id", "id") `);
    await queryRunner.query(`CREATE INDEX "tasks_owner_id_id" ON "tasks"  ("owner_id", "id") `);
    await queryRunner.query(
      `CREATE TABLE "labels" ("id" SERIAL NOT NULL, "task_id" integer NOT NULL, "name" character varying(64) NOT NULL, "color" character varying(7) NOT NULL, CONSTRAINT "labels_task_name_unique" UNIQUE ("task_id", "name"), CONSTRAINT "PK_c0c4e97f76f1f3a268c7a70b925" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "attribute_specs" ("id" SERIAL NOT NULL, "label_id" integer NOT NULL, "name" character varying(64) NOT NULL, "mutable" boolean NOT NULL, "input_type" character varying(16) NOT NULL, "default_value" character varying(128) NOT NULL DEFAULT '', "values" character varying(4096) NOT NULL DEFAULT '', CONSTRAINT "attribute_specs_label_name_unique" UNIQUE ("label_id", "name"), CONSTRAINT "PK_268b7273f9c04b8d44738b676b5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "segments" ("id" SERIAL NOT NULL, "task_id" integer NOT NULL, "start_frame" integer NOT NULL, "stop_frame" integer NOT NULL, CONSTRAINT "PK_beff1eec19679fe8ad4f291f04e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_224c2c3e7b32d1b8d7bd5d7021" ON "segments"  ("task_id") `);
    await queryRunner.query(
      `CREATE TABLE "jobs" ("id" SERIAL NOT NULL, "segment_id" integer NOT NULL, "assignee_id" integer, "status" character varying(32) NOT NULL DEFAULT 'annotation', CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_78a43e6677995332731e6d7133" ON "jobs"  ("segment_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_6836dee6b9b3873f656d7304f0" ON "jobs"  ("assignee_id") `);
    await queryRunner.query(
      `ALTER TABLE "projects" ADD CONSTRAINT "FK_b1bd2fbf5d0ef67319c91acb5cf" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "projects" ADD CONSTRAINT "FK_00433b782df42bca74abcfbcb67" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "FK_9eecdb5b1ed8c7c2a1b392c28d4" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "FK_0631c1eb8316f8af361cf14eb85" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "FK_855d484825b715c545349212c7f" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "labels" ADD CONSTRAINT "FK_4e34cf66acbd822d9ff37dbbc3f" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attribute_specs" ADD CONSTRAINT "FK_2b2bf0f623915de6aa51f37ed52" FOREIGN KEY ("label_id") REFERENCES "labels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "segments" ADD CONSTRAINT "FK_224c2c3e7b32d1b8d7bd5d70214" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "jobs" ADD CONSTRAINT "FK_78a43e6677995332731e6d71332" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "jobs" ADD CONSTRAINT "FK_6836dee6b9b3873f656d7304f08" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // Substring search (LIKE '%term%') on the lower-case name uses trigrams; TypeORM cannot declare such an index.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "tasks_search_name_trgm" ON "tasks" USING gin ("search_name" gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."tasks_search_name_trgm"`);
    await queryRunner.query(`ALTER TABLE "jobs" DROP CONSTRAINT "FK_6836dee6b9b3873f656d7304f08"`);
    await queryRunner.query(`ALTER TABLE "jobs" DROP CONSTRAINT "FK_78a43e6677995332731e6d71332"`);
    await queryRunner.query(`ALTER TABLE "segments" DROP CONSTRAINT "FK_224c2c3e7b32d1b8d7bd5d70214"`);
    await queryRunner.query(`ALTER TABLE "attribute_specs" DROP CONSTRAINT "FK_2b2bf0f623915de6aa51f37ed52"`);
    await queryRunner.query(`ALTER TABLE "labels" DROP CONSTRAINT "FK_4e34cf66acbd822d9ff37dbbc3f"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "FK_855d484825b715c545349212c7f"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "FK_0631c1eb8316f8af361cf14eb85"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "FK_9eecdb5b1ed8c7c2a1b392c28d4"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP CONSTRAINT "FK_00433b782df42bca74abcfbcb67"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP CONSTRAINT "FK_b1bd2fbf5d0ef67319c91acb5cf"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6836dee6b9b3873f656d7304f0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_78a43e6677995332731e6d7133"`);
    await queryRunner.query(`DROP TABLE "jobs"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_224c2c3e7b32d1b8d7bd5d7021"`);
    await queryRunner.query(`DROP TABLE "segments"`);
    await queryRunner.query(`DROP TABLE "attribute_specs"`);
    await queryRunner.query(`DROP TABLE "labels"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_owner_id_id"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_assignee_id_id"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_name_id"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_status_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2c604dff4334cddf411d3f8a0f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9eecdb5b1ed8c7c2a1b392c28d"`);
    await queryRunner.query(`DROP TABLE "tasks"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = current_database() AND "schema" = current_schema() AND "table" = $3`,
      ['GENERATED_COLUMN', 'search_name', 'tasks'],
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_00433b782df42bca74abcfbcb6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b1bd2fbf5d0ef67319c91acb5c"`);
    await queryRunner.query(`DROP TABLE "projects"`);
  }
}
