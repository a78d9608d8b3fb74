import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { idColumn, integerColumn, varcharColumn } from "./schema-helpers";

/**
 * Copies of a report from a second source (the HTML page beside the PDF, a mirror at another URL): report_copy keeps
 * each one whose content was not served (src/ingest/report-copies.ts), with the cells where it disagrees with the
 * served report, so that neither reading is lost. Its source bytes are in source_document, by content hash. No foreign
 * key to the report: like its revisions, a deleted report's copies are kept.
 */
export class AddReportCopies1732000000011 implements MigrationInterface {
  name = "AddReportCopies1732000000011";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "report_copy",
        columns: [
          idColumn("PK_report_copy"),
          integerColumn("report_id"),
          varcharColumn("content_hash", 64),
          varcharColumn("source_url", 2048, true),
          varcharColumn("source_format", 16),
          varcharColumn("parser_version", 32),
          { name: "received_at", type: "bigint", isNullable: false },
          { name: "disagreements", type: "text", isNullable: false },
          integerColumn("disagreement_count"),
          varcharColumn("status", 16),
        ],
        uniques: [{ name: "UQ_report_copy_content", columnNames: ["report_id", "content_hash"] }],
        indices: [{ name: "IDX_report_copy_status", columnNames: ["status", "report_id"] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("report_copy");
  }
}
