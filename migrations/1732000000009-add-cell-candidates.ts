import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import { varcharColumn } from "./schema-helpers";

/**
 * What is known of a cell the text reads several ways: `candidates` (JSON: the distinct values it allows),
 * `row_readings` (JSON: its value in each reading of its row), `uncertainty` (why, in words) and `decided_by` (the
 * evidence that chose a reading, when one did). Null on cells read one way and on cells stored before; `reparse`
 * fills them.
 */
export class AddCellCandidates1732000000009 implements MigrationInterface {
  name = "AddCellCandidates1732000000009";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns("report_cell", [
      new TableColumn({ name: "candidates", type: "text", isNullable: true }),
      new TableColumn({ name: "row_readings", type: "text", isNullable: true }),
      new TableColumn(varcharColumn("uncertainty", 255, true)),
      new TableColumn(varcharColumn("decided_by", 255, true)),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns("report_cell", ["decided_by", "uncertainty", "row_readings", "candidates"]);
  }
}
