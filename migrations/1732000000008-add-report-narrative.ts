import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * The figures a report's overview states in prose (`narrative_facts`, JSON: concept, value, cells, text, line; see
 * src/parse/narrative.ts), kept so that analysts and later evidence can use them. TEXT like every JSON column here:
 * the parser keeps at most MAX_NARRATIVE_FACTS facts, whose JSON stays under half the 64 KB TEXT holds on MySQL/MariaDB
 * (the portable types have nothing larger that SQLite accepts too). Null on reports stored before; `reparse` fills
 * them. The LEGACY indicators need no migration: the seed step adds catalog entries it lacks.
 */
export class AddReportNarrative1732000000008 implements MigrationInterface {
  name = "AddReportNarrative1732000000008";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn("report", new TableColumn({ name: "narrative_facts", type: "text", isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn("report", "narrative_facts");
  }
}
