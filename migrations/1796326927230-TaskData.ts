import { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskData1796326927230 implements MigrationInterface {
  name = 'TaskData1796326927230';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "task_data" ("id" SERIAL NOT NULL, "image_quality" smallint NOT NULL, "chunk_size" integer, "size" integer NOT NULL DEFAULT '0', "start_frame" integer NOT NULL DEFAULT '0', "stop_frame" integer, "step" integer NOT NULL DEFAULT '1', "frame_filter" character varying(256) NOT NULL DEFAULT '', "compressed_chunk_type" character varying(32) NOT NULL DEFAULT 'imageset', "original_chunk_type" character varying(32) NOT NULL DEFAULT 'imageset', "use_zip_chunks" boolean NOT NULL DEFAULT false, "use_cache" boolean NOT NULL DEFAULT false, "storage_method" character varying(32) NOT NULL DEFAULT 'prepared', "manifest_path" character varying(1024), "created_date" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5737a3b54990542129bc88b2669" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "tasks" ADD "creator_id" integer`);
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "FK_f4cb489461bc751498a28852356" FOREIGN KEY ("creator_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "FK_f4cb489461bc751498a28852356"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "creator_id"`);
    await queryRunner.query(`DROP TABLE "task_data"`);
  }
}
