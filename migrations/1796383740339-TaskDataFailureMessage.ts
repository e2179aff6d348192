import { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskDataFailureMessage1796383740339 implements MigrationInterface {
  name = 'TaskDataFailureMessage1796383740339';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_data" ADD "failure_message" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_data" DROP COLUMN "failure_message"`);
  }
}
