import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";
import { idColumn, integerColumn, varcharColumn } from "./schema-helpers";

/** A moment as milliseconds since the epoch: exact to the millisecond on every database. */
function epochColumn(name: string, isNullable = false): TableColumnOptions {
  return { name, type: "bigint", isNullable };
}

/** A TEXT column (JSON or prose). */
function textColumn(name: string, isNullable = true): TableColumnOptions {
  return { name, type: "text", isNullable };
}

/** The cell columns a version of a cell and report_cell share. */
const CELL_COLUMNS: TableColumnOptions[] = [
  varcharColumn("table_code", 24),
  varcharColumn("row_code", 48),
  varcharColumn("column_code", 32),
  { name: "value", type: "decimal", precision: 20, scale: 4, isNullable: true },
  varcharColumn("value_state", 16),
  varcharColumn("raw_text", 255, true),
  integerColumn("line", true),
  varcharColumn("provenance", 160, true),
  textColumn("candidates"),
  textColumn("row_readings"),
  varcharColumn("uncertainty", 255, true),
  varcharColumn("decided_by", 255, true),
];

/** The report fields a revision keeps (as JSON, src/revisions/record-revision.ts), with their columns. */
const REVISION_FIELDS = [
  ["templateVersion", "template_version"],
  ["scope", "scope"],
  ["scopeSource", "scope_source"],
  ["parsedScope", "parsed_scope"],
  ["title", "title"],
  ["publishedAt", "published_at"],
  ["sourceUrl", "source_url"],
  ["sourceFormat", "source_format"],
  ["contentHash", "content_hash"],
  ["parserVersion", "parser_version"],
  ["errorCount", "error_count"],
] as const;

/** The milliseconds since the epoch of a datetime column (stored in UTC), in the database's own SQL, whatever the session's time zone. */
function epochOf(queryRunner: QueryRunner, column: string): string {
  return queryRunner.connection.options.type === "better-sqlite3"
    ? `CAST(ROUND((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER)`
    : `(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ${column}) DIV 1000)`;
}

/**
 * Revisions: every change to a report is a revision (report_revision, numbered per report, its id the global commit
 * order handed out by revision_clock), with the cells and issues it made current (cell_version, issue_version: each
 * row valid from one revision until the one that replaced it, so a revision stores only what changed); releases name
 * a revision id; cell_correction holds a person's corrections with the parser's reading beside them (kept, like the
 * rest of the history, when the report is deleted); report gains
 * its current revision number and its review status. A report stored before is given its first revision here, from
 * what is stored, dated when it was ingested. History rows have no foreign key to the report: deleting a report
 * keeps its history.
 */
export class AddRevisions1732000000010 implements MigrationInterface {
  name = "AddRevisions1732000000010";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns("report", [
      new TableColumn({ ...integerColumn("revision"), default: 0 }),
      new TableColumn({ ...varcharColumn("review_status", 16), default: "'UNREVIEWED'" }),
      new TableColumn(varcharColumn("reviewed_by", 64, true)),
      new TableColumn(epochColumn("reviewed_at", true)),
      new TableColumn(varcharColumn("review_note", 1024, true)),
      new TableColumn(epochColumn("revised_at", true)),
    ]);
    await queryRunner.createIndex("report", new TableIndex({ name: "IDX_report_revised_at", columnNames: ["revised_at"] }));
    await queryRunner.createTable(
      new Table({
        name: "report_revision",
        columns: [
          { ...integerColumn("id"), isPrimary: true, primaryKeyConstraintName: "PK_report_revision" },
          integerColumn("report_id"),
          integerColumn("agency_id"),
          integerColumn("year"),
          integerColumn("number"),
          varcharColumn("kind", 24),
          varcharColumn("actor", 64),
          varcharColumn("reason", 1024, true),
          epochColumn("committed_at"),
          varcharColumn("template_version", 16),
          varcharColumn("scope", 24),
          integerColumn("cells_changed"),
          integerColumn("issues_changed"),
          textColumn("fields", false),
        ],
        uniques: [{ name: "UQ_report_revision_number", columnNames: ["report_id", "number"] }],
        indices: [
          { name: "IDX_report_revision_committed_at", columnNames: ["committed_at"] },
          { name: "IDX_report_revision_agency_year", columnNames: ["agency_id", "year"] },
          { name: "IDX_report_revision_report", columnNames: ["report_id", "id"] },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "cell_version",
        columns: [idColumn("PK_cell_version"), integerColumn("report_id"), integerColumn("valid_from"), integerColumn("valid_to", true), ...CELL_COLUMNS],
        indices: [
          { name: "IDX_cell_version_report", columnNames: ["report_id", "valid_to"] },
          { name: "IDX_cell_version_valid_from", columnNames: ["valid_from"] },
          { name: "IDX_cell_version_valid_to", columnNames: ["valid_to"] },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "issue_version",
        columns: [
          idColumn("PK_issue_version"),
          integerColumn("report_id"),
          integerColumn("valid_from"),
          integerColumn("valid_to", true),
          varcharColumn("rule", 32),
          varcharColumn("severity", 8),
          varcharColumn("message", 1024),
          textColumn("cell_codes", false),
          integerColumn("line", true),
        ],
        indices: [
          { name: "IDX_issue_version_report", columnNames: ["report_id", "valid_to"] },
          { name: "IDX_issue_version_valid_from", columnNames: ["valid_from"] },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "cell_correction",
        columns: [
          idColumn("PK_cell_correction"),
          integerColumn("report_id"),
          varcharColumn("table_code", 24),
          varcharColumn("row_code", 48),
          varcharColumn("column_code", 32),
          { name: "value", type: "decimal", precision: 20, scale: 4, isNullable: true },
          varcharColumn("value_state", 16),
          varcharColumn("reason", 1024),
          varcharColumn("evidence", 1024, true),
          varcharColumn("actor", 64),
          epochColumn("created_at"),
          integerColumn("revision_id"),
          { name: "parsed_value", type: "decimal", precision: 20, scale: 4, isNullable: true },
          varcharColumn("parsed_state", 16, true),
          varcharColumn("parsed_raw_text", 255, true),
          varcharColumn("parser_version", 32, true),
          varcharColumn("status", 16),
          varcharColumn("reverted_by", 64, true),
          epochColumn("reverted_at", true),
          integerColumn("reverted_revision_id", true),
          varcharColumn("revert_reason", 1024, true),
        ],
        indices: [{ name: "IDX_cell_correction_report", columnNames: ["report_id"] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "data_release",
        columns: [
          idColumn("PK_data_release"),
          varcharColumn("name", 64),
          integerColumn("revision_id"),
          epochColumn("created_at"),
          varcharColumn("created_by", 64),
          varcharColumn("note", 1024, true),
        ],
        uniques: [{ name: "UQ_data_release_name", columnNames: ["name"] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "revision_clock",
        columns: [
          { ...integerColumn("id"), isPrimary: true, primaryKeyConstraintName: "PK_revision_clock" },
          integerColumn("last_revision"),
          epochColumn("last_committed_at"),
        ],
      }),
      true,
    );
    await backfillRevisions(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ["revision_clock", "data_release", "cell_correction", "issue_version", "cell_version", "report_revision"])
      await queryRunner.dropTable(table);
    await queryRunner.dropIndex("report", "IDX_report_revised_at");
    await queryRunner.dropColumns("report", ["revised_at", "review_note", "reviewed_at", "reviewed_by", "review_status", "revision"]);
  }
}

/**
 * Each report already stored gets revision 1, numbered in the order the reports were stored (so that commit times
 * never go backwards along revision ids), its cells and issues as versions of it, and the clock starts after them.
 * Runs on tables that hold no revision yet.
 */
export async function backfillRevisions(queryRunner: QueryRunner): Promise<void> {
  const ingested = epochOf(queryRunner, "r.ingested_at");
  const fields = `json_object(${REVISION_FIELDS.map(([key, column]) => `'${key}', r.${column}`).join(", ")}, 'reviewStatus', 'UNREVIEWED',
    'reviewedBy', NULL, 'reviewedAt', NULL, 'reviewNote', NULL, 'agencyName', a.name, 'agencyKind', a.kind)`;
  await queryRunner.query(
    `INSERT INTO report_revision (id, report_id, agency_id, year, number, kind, actor, reason, committed_at, template_version, scope, cells_changed, issues_changed, fields)
       SELECT ROW_NUMBER() OVER (ORDER BY r.ingested_at, r.id), r.id, r.agency_id, r.year, 1, 'INGESTED', 'migration',
              'the report as stored when revisions began to be kept', ${ingested},
              r.template_version, r.scope,
              (SELECT COUNT(*) FROM report_cell c WHERE c.report_id = r.id), (SELECT COUNT(*) FROM validation_issue i WHERE i.report_id = r.id), ${fields}
       FROM report r JOIN agency a ON a.id = r.agency_id`,
  );
  await queryRunner.query(`UPDATE report SET revision = 1, revised_at = ${epochOf(queryRunner, "ingested_at")}`);
  const cells = CELL_COLUMNS.map((column) => column.name).join(", ");
  const of = (alias: string, columns: string) =>
    columns
      .split(", ")
      .map((column) => `${alias}.${column}`)
      .join(", ");
  await queryRunner.query(
    `INSERT INTO cell_version (report_id, valid_from, ${cells})
     SELECT c.report_id, v.id, ${of("c", cells)} FROM report_cell c JOIN report_revision v ON v.report_id = c.report_id ORDER BY c.id`,
  );
  const issues = "rule, severity, message, cell_codes, line";
  await queryRunner.query(
    `INSERT INTO issue_version (report_id, valid_from, ${issues})
     SELECT i.report_id, v.id, ${of("i", issues)} FROM validation_issue i JOIN report_revision v ON v.report_id = i.report_id ORDER BY i.id`,
  );
  await queryRunner.query(
    `INSERT INTO revision_clock (id, last_revision, last_committed_at)
       SELECT 1, COALESCE(MAX(id), 0), COALESCE(MAX(committed_at), 0) FROM report_revision`,
  );
}
