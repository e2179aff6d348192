import { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskDataSources1796330089360 implements MigrationInterface {
  name = 'TaskDataSources1796330089360';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_data" ADD "server_files" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "task_data" ADD "remote_files" text array NOT NULL DEFAULT '{}'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_data" DROP COLUMN "remote_files"`);
    await queryRunner.query(`ALTER TABLE "task_data" DROP COLUMN "server_files"`);
  }
}
