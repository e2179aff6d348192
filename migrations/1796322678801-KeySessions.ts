import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sessions opened for API keys name their token row, so revoking the key ends the session. */
export class KeySessions1796322678801 implements MigrationInterface {
  name = 'KeySessions1796322678801';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" ADD "token_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_d1435389d333653c16e7b19af1" ON "sessions" ("token_id") `);
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_d1435389d333653c16e7b19af11" FOREIGN KEY ("token_id") REFERENCES "access_tokens"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_d1435389d333653c16e7b19af11"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d1435389d333653c16e7b19af1"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "token_id"`);
  }
}
