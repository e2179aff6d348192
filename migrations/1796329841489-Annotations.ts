import { MigrationInterface, QueryRunner } from 'typeorm';

export class Annotations1796329841489 implements MigrationInterface {
  name = 'Annotations1796329841489';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "annotation_versions" ("job_id" integer NOT NULL, "version" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_3a756a4a0d3e590e16bcbf05472" PRIMARY KEY ("job_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "labeled_shapes" ("id" SERIAL NOT NULL, "job_id" integer NOT NULL, "frame" integer NOT NULL, "label_id" integer NOT NULL, "group" integer, "source" character varying(16) NOT NULL DEFAULT 'manual', "attributes" jsonb NOT NULL DEFAULT '[]', "type" character varying(16) NOT NULL, "occluded" boolean NOT NULL, "z_order" integer NOT NULL DEFAULT '0', "points" double precision array NOT NULL, CONSTRAINT "PK_e7cb5e7d69fea9aae415140e058" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "labeled_shapes_job_frame" ON "labeled_shapes"  ("job_id", "frame", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "labeled_tags" ("id" SERIAL NOT NULL, "job_id" integer NOT NULL, "frame" integer NOT NULL, "label_id" integer NOT NULL, "group" integer, "source" character varying(16) NOT NULL DEFAULT 'manual', "attributes" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_f69ced7547d2f91bb8f529e7ab2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "labeled_tags_job_frame" ON "labeled_tags"  ("job_id", "frame", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "labeled_tracks" ("id" SERIAL NOT NULL, "job_id" integer NOT NULL, "frame" integer NOT NULL, "label_id" integer NOT NULL, "group" integer, "source" character varying(16) NOT NULL DEFAULT 'manual', "attributes" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_9d9612fe4cc7f12c39de2cb0385" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "labeled_tracks_job" ON "labeled_tracks"  ("job_id", "id") `);
    await queryRunner.query(
      `CREATE TABLE "tracked_shapes" ("type" character varying(16) NOT NULL, "occluded" boolean NOT NULL, "z_order" integer NOT NULL DEFAULT '0', "points" double precision array NOT NULL, "id" SERIAL NOT NULL, "track_id" integer NOT NULL, "job_id" integer NOT NULL, "frame" integer NOT NULL, "outside" boolean NOT NULL, "attributes" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_6c1b71e37ef9b0ddb380c157f42" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "tracked_shapes_job" ON "tracked_shapes"  ("job_id") `);
    await queryRunner.query(
      `CREATE INDEX "tracked_shapes_track_frame" ON "tracked_shapes"  ("track_id", "frame") `,
    );
    await queryRunner.query(
      `ALTER TABLE "annotation_versions" ADD CONSTRAINT "FK_3a756a4a0d3e590e16bcbf05472" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Written by hand: annotation rows carry no foreign keys (a per-row check triples the time of a
    // bulk COPY), so a job takes its annotations with it through this per-job trigger instead.
    await queryRunner.query(
      `CREATE FUNCTION "delete_job_annotations"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         DELETE FROM "tracked_shapes" WHERE "job_id" = OLD."id";
         DELETE FROM "labeled_tracks" WHERE "job_id" = OLD."id";
         DELETE FROM "labeled_shapes" WHERE "job_id" = OLD."id";
         DELETE FROM "labeled_tags" WHERE "job_id" = OLD."id";
         RETURN OLD;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "jobs_delete_annotations" AFTER DELETE ON "jobs"
       FOR EACH ROW EXECUTE FUNCTION "delete_job_annotations"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "jobs_delete_annotations" ON "jobs"`);
    await queryRunner.query(`DROP FUNCTION "delete_job_annotations"()`);
    await queryRunner.query(
      `ALTER TABLE "annotation_versions" DROP CONSTRAINT "FK_3a756a4a0d3e590e16bcbf05472"`,
    );
    await queryRunner.query(`DROP INDEX "public"."tracked_shapes_track_frame"`);
    await queryRunner.query(`DROP INDEX "public"."tracked_shapes_job"`);
    await queryRunner.query(`DROP TABLE "tracked_shapes"`);
    await queryRunner.query(`DROP INDEX "public"."labeled_tracks_job"`);
    await queryRunner.query(`DROP TABLE "labeled_tracks"`);
    await queryRunner.query(`DROP INDEX "public"."labeled_tags_job_frame"`);
    await queryRunner.query(`DROP TABLE "labeled_tags"`);
    await queryRunner.query(`DROP INDEX "public"."labeled_shapes_job_frame"`);
    await queryRunner.query(`DROP TABLE "labeled_shapes"`);
    await queryRunner.query(`DROP TABLE "annotation_versions"`);
  }
}
