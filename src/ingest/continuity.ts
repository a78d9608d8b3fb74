import type { EntityManager } from "typeorm";
import { ValidationIssue } from "../entities";
import { cellNumberSql } from "../domain/cell-value";

/**
 * Continuity across years, checked between an agency's report and its report of the year before,
 * and stored as warnings on the later report, queryable like the in-report rules:
 *   X1 each column of section 三: CARRIED_OVER_IN(Y) = CARRIED_FORWARD_OUT(Y−1)
 *   X2 TPL_2021, section 二 (一): IN_FORCE(Y) = IN_FORCE(Y−1) + ISSUED(Y) − REPEALED(Y)
 *   X3 TPL_2019, section 二 (五)(六)(八): PREV_YEAR_ITEMS(Y) = PREV_YEAR_ITEMS(Y−1) + ITEMS_DELTA(Y−1)
 * They are soft rules (agencies restructure, documents are cleaned up), hence warnings. A BLANK cell counts as 0
 * (`cellNumberSql`). Ingest, reparse and deletion call this inside their transaction, beside the in-report rules
 * R1–R5, so every validation_issue row is written by the ingest layer; analytics only reads them.
 */
export const CONTINUITY_RULES = ["X1", "X2", "X3"] as const;

const V = cellNumberSql;

/** "?, ?, ?" for `count` parameters. */
const placeholders = (count: number): string => Array.from({ length: count }, () => "?").join(", ");

interface Violation {
  readonly report_id: number;
  readonly rule: string;
  readonly table_code: string;
  readonly row_code: string;
  readonly column_code: string;
  readonly expected: number | string;
  readonly actual: number | string;
  readonly line: number | null;
  readonly year: number;
}

/** The pairs (report, previous report) of one agency for the given years. */
const PAIRS = `FROM report r JOIN report p ON p.agency_id = r.agency_id AND p.year = r.year - 1`;

async function findViolations(manager: EntityManager, agencyId: number, years: readonly number[]): Promise<Violation[]> {
  const scope = `r.agency_id = ? AND r.year IN (${placeholders(years.length)})`;
  const params = [agencyId, ...years];
  const x1 = `SELECT r.id AS report_id, 'X1' AS rule, cur.table_code AS table_code, 'CARRIED_OVER_IN' AS row_code, cur.column_code AS column_code, ${V("prev")} AS expected, ${V("cur")} AS actual, cur.line AS line, r.year AS year
    ${PAIRS}
    JOIN report_cell cur ON cur.report_id = r.id AND cur.table_code = 'APPLICATIONS' AND cur.row_code = 'CARRIED_OVER_IN' AND cur.value_state <> 'DERIVED'
    JOIN report_cell prev ON prev.report_id = p.id AND prev.table_code = 'APPLICATIONS' AND prev.row_code = 'CARRIED_FORWARD_OUT' AND prev.column_code = cur.column_code
    WHERE ${scope} AND ${V("cur")} IS NOT NULL AND ${V("prev")} IS NOT NULL AND ${V("cur")} <> ${V("prev")}`;
  const x2 = `SELECT r.id AS report_id, 'X2' AS rule, cur.table_code AS table_code, cur.row_code AS row_code, 'IN_FORCE' AS column_code, ${V("prev")} + ${V("issued")} - ${V("repealed")} AS expected, ${V("cur")} AS actual, cur.line AS line, r.year AS year
    ${PAIRS}
    JOIN report_cell cur ON cur.report_id = r.id AND cur.table_code = 'ART20_1' AND cur.column_code = 'IN_FORCE'
    JOIN report_cell prev ON prev.report_id = p.id AND prev.table_code = 'ART20_1' AND prev.column_code = 'IN_FORCE' AND prev.row_code = cur.row_code
    JOIN report_cell issued ON issued.report_id = r.id AND issued.table_code = 'ART20_1' AND issued.column_code = 'ISSUED' AND issued.row_code = cur.row_code
    JOIN report_cell repealed ON repealed.report_id = r.id AND repealed.table_code = 'ART20_1' AND repealed.column_code = 'REPEALED' AND repealed.row_code = cur.row_code
    WHERE ${scope} AND r.template_version = 'TPL_2021' AND p.template_version = 'TPL_2021'
      AND ${V("cur")} IS NOT NULL AND ${V("prev")} IS NOT NULL AND ${V("issued")} IS NOT NULL AND ${V("repealed")} IS NOT NULL
      AND ${V("cur")} <> ${V("prev")} + ${V("issued")} - ${V("repealed")}`;
  const x3 = `SELECT r.id AS report_id, 'X3' AS rule, cur.table_code AS table_code, cur.row_code AS row_code, 'PREV_YEAR_ITEMS' AS column_code, ${V("prev")} + ${V("delta")} AS expected, ${V("cur")} AS actual, cur.line AS line, r.year AS year
    ${PAIRS}
    JOIN report_cell cur ON cur.report_id = r.id AND cur.column_code = 'PREV_YEAR_ITEMS'
    JOIN report_cell prev ON prev.report_id = p.id AND prev.column_code = 'PREV_YEAR_ITEMS' AND prev.table_code = cur.table_code AND prev.row_code = cur.row_code
    JOIN report_cell delta ON delta.report_id = p.id AND delta.column_code = 'ITEMS_DELTA' AND delta.table_code = cur.table_code AND delta.row_code = cur.row_code
    WHERE ${scope} AND r.template_version = 'TPL_2019' AND p.template_version = 'TPL_2019'
      AND ${V("cur")} IS NOT NULL AND ${V("prev")} IS NOT NULL AND ${V("delta")} IS NOT NULL
      AND ${V("cur")} <> ${V("prev")} + ${V("delta")}`;
  const rows = (await manager.query(`${x1} UNION ALL ${x2} UNION ALL ${x3}`, [...params, ...params, ...params])) as Array<Record<string, unknown>>;
  return rows.map((row) => ({
    report_id: Number(row.report_id),
    rule: String(row.rule),
    table_code: String(row.table_code),
    row_code: String(row.row_code),
    column_code: String(row.column_code),
    expected: Number(row.expected),
    actual: Number(row.actual),
    line: row.line === null ? null : Number(row.line),
    year: Number(row.year),
  }));
}

function messageOf(violation: Violation): string {
  const previous = violation.year - 1;
  switch (violation.rule) {
    case "X1":
      return `X1 (column ${violation.column_code}): CARRIED_OVER_IN ${violation.year} = ${violation.actual} but CARRIED_FORWARD_OUT ${previous} = ${violation.expected}`;
    case "X2":
      return `X2 (${violation.row_code}): IN_FORCE ${violation.year} = ${violation.actual} but IN_FORCE ${previous} + ISSUED − REPEALED = ${violation.expected}`;
    default:
      return `X3 (${violation.row_code}): PREV_YEAR_ITEMS ${violation.year} = ${violation.actual} but PREV_YEAR_ITEMS ${previous} + ITEMS_DELTA ${previous} = ${violation.expected}`;
  }
}

/**
 * Recomputes the continuity warnings of an agency's reports for `years` (each against its year before), replacing
 * the X1–X3 issues they had. Runs inside the caller's transaction.
 */
export async function recomputeContinuity(manager: EntityManager, agencyId: number, years: readonly number[]): Promise<number> {
  if (years.length === 0) return 0;
  const reportIds = (
    (await manager.query(`SELECT id FROM report WHERE agency_id = ? AND year IN (${placeholders(years.length)})`, [agencyId, ...years])) as Array<{
      id: number | string;
    }>
  ).map((row) => Number(row.id));
  if (reportIds.length === 0) return 0;
  // Delete by primary key, and only what exists: a range DELETE would take gap locks that deadlock concurrent loaders.
  const stale = await manager
    .createQueryBuilder(ValidationIssue, "issue")
    .select("issue.id", "id")
    .where("issue.reportId IN (:...reportIds) AND issue.rule IN (:...rules)", { reportIds, rules: [...CONTINUITY_RULES] })
    .getRawMany<{ id: number }>();
  if (stale.length > 0)
    await manager.delete(
      ValidationIssue,
      stale.map((row) => Number(row.id)),
    );
  const violations = await findViolations(manager, agencyId, years);
  if (violations.length > 0) {
    await manager.insert(
      ValidationIssue,
      violations.map((violation) => ({
        reportId: violation.report_id,
        rule: violation.rule,
        severity: "warning" as const,
        message: messageOf(violation),
        cellCodes: [`${violation.table_code}.${violation.row_code}.${violation.column_code}`],
        line: violation.line,
      })),
    );
  }
  return violations.length;
}
