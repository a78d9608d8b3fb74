import { Table, type MigrationInterface, type QueryRunner, type TableForeignKeyOptions } from "typeorm";
import { idColumn, integerColumn, varcharColumn } from "./schema-helpers";

/** The foreign key from a report part to its report: parts live and die with their report. */
function reportForeignKey(table: string): TableForeignKeyOptions {
  return {
    name: `FK_${table}_report`,
    columnNames: ["report_id"],
    referencedTableName: "report",
    referencedColumnNames: ["id"],
    onDelete: "CASCADE",
    onUpdate: "RESTRICT",
  };
}

/** Reports and their parts: cells, text sections and validation issues. */
export class CreateReport1732000000003 implements MigrationInterface {
  name = "CreateReport1732000000003";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "report",
        columns: [
          idColumn("PK_report"),
          integerColumn("agency_id"),
          integerColumn("year"),
          varcharColumn("template_version", 16),
          varcharColumn("scope", 24),
          varcharColumn("title", 255, true),
          varcharColumn("published_at", 10, true),
          varcharColumn("source_url", 2048, true),
          varcharColumn("source_format", 16),
          varcharColumn("content_hash", 64),
          varcharColumn("parser_version", 32),
          { name: "ingested_at", type: "datetime", isNullable: false },
          integerColumn("error_count"),
        ],
        uniques: [{ name: "UQ_report_agency_year", columnNames: ["agency_id", "year"] }],
        indices: [
          { name: "IDX_report_year", columnNames: ["year"] },
          { name: "IDX_report_template_version", columnNames: ["template_version"] },
          { name: "IDX_report_content_hash", columnNames: ["content_hash"] },
        ],
        foreignKeys: [
          {
            name: "FK_report_agency",
            columnNames: ["agency_id"],
            referencedTableName: "agency",
            referencedColumnNames: ["id"],
            onDelete: "RESTRICT",
            onUpdate: "RESTRICT",
          },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "report_cell",
        columns: [
          idColumn("PK_report_cell"),
          integerColumn("report_id"),
          varcharColumn("table_code", 24),
          varcharColumn("row_code", 48),
          varcharColumn("column_code", 32),
          { name: "value", type: "decimal", precision: 20, scale: 4, isNullable: true },
          varcharColumn("value_state", 16),
          varcharColumn("raw_text", 255, true),
          integerColumn("line", true),
        ],
        uniques: [{ name: "UQ_report_cell_position", columnNames: ["report_id", "table_code", "row_code", "column_code"] }],
        indices: [{ name: "IDX_report_cell_indicator", columnNames: ["table_code", "row_code", "column_code"] }],
        foreignKeys: [reportForeignKey("report_cell")],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "report_section",
        columns: [
          idColumn("PK_report_section"),
          integerColumn("report_id"),
          varcharColumn("section_code", 32),
          { name: "body", type: "text", isNullable: false },
        ],
        uniques: [{ name: "UQ_report_section_report_code", columnNames: ["report_id", "section_code"] }],
        foreignKeys: [reportForeignKey("report_section")],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "validation_issue",
        columns: [
          idColumn("PK_validation_issue"),
          integerColumn("report_id"),
          varcharColumn("rule", 32),
          varcharColumn("severity", 8),
          varcharColumn("message", 1024),
          { name: "cell_codes", type: "text", isNullable: false },
          integerColumn("line", true),
        ],
        indices: [
          { name: "IDX_validation_issue_report", columnNames: ["report_id"] },
          { name: "IDX_validation_issue_rule", columnNames: ["rule"] },
        ],
        foreignKeys: [reportForeignKey("validation_issue")],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("validation_issue", true);
    await queryRunner.dropTable("report_section", true);
    await queryRunner.dropTable("report_cell", true);
    await queryRunner.dropTable("report", true);
  }
}
