import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

/** Where each cell's value sits in the published document (PDF page and box, HTML table cell). */
export class AddCellProvenance1732000000006 implements MigrationInterface {
  name = "AddCellProvenance1732000000006";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn("report_cell", new TableColumn({ name: "provenance", type: "varchar", length: "160", isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn("report_cell", "provenance");
  }
}
