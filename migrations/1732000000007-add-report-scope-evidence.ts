import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import { varcharColumn } from "./schema-helpers";

/**
 * How a report's scope was decided and on what evidence: `scope_source` (PARSED_TEXT, NAME or MAINTAINER),
 * `parsed_scope` (the parser's reading, kept beside a maintainer's override) and `scope_evidence` (JSON: the phrases
 * and their lines). Null on reports stored before; `reparse` fills them.
 */
export class AddReportScopeEvidence1732000000007 implements MigrationInterface {
  name = "AddReportScopeEvidence1732000000007";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns("report", [
      new TableColumn(varcharColumn("scope_source", 16, true)),
      new TableColumn(varcharColumn("parsed_scope", 24, true)),
      new TableColumn({ name: "scope_evidence", type: "text", isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns("report", ["scope_evidence", "parsed_scope", "scope_source"]);
  }
}
