import type { DataSource } from "typeorm";
import type { TableCode } from "../domain/codes";
import { DERIVED_INDICATOR_NAMES, INDICATOR_FORMULAS, type DerivedIndicatorName } from "../domain/derived-indicators";
import { INDICATORS } from "../domain/indicator-catalog";
import { getTable } from "../domain/template-catalog";
import { unitOfCell } from "../domain/units";
import { INPUT_RULES } from "../analytics/printed-totals";
import { placeholders, type SqlPart } from "../analytics/value-query";
import { reportAtCondition, validAtSql, type HistoryPoint } from "../revisions/history";

/**
 * The layout the exports for people share: one row per report, one column per catalog cell, each labelled in
 * Chinese as the template prints it, with its code and unit; and the keyset batches of reports and of their
 * cells that both the wide CSV and the workbook read, so memory stays flat however many reports there are.
 */

/** One catalog cell as a column: its code, its printed row and column labels, and its unit. */
export interface CellColumn {
  readonly code: string;
  readonly tableCode: TableCode;
  readonly rowLabelZh: string;
  readonly columnLabelZh: string;
  readonly unit: string;
}

/** Every catalog cell of `tableCode` (or of every table), in template order. */
export function cellColumns(tableCode?: TableCode): CellColumn[] {
  return INDICATORS.filter((indicator) => tableCode === undefined || indicator.tableCode === tableCode).map((indicator) => {
    const table = getTable(indicator.tableCode);
    return {
      code: indicator.code,
      tableCode: indicator.tableCode,
      rowLabelZh: table.rows.find((row) => row.code === indicator.rowCode)!.labelZh,
      columnLabelZh: table.columns.find((column) => column.code === indicator.columnCode)!.labelZh,
      unit: unitOfCell(indicator.tableCode, indicator.rowCode, indicator.columnCode),
    };
  });
}

/** A cell column's header: "本年新收政府信息公开申请数量·自然人 APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON（件）". */
export function cellHeader(column: CellColumn): string {
  return `${column.rowLabelZh}·${column.columnLabelZh} ${column.code}（${column.unit}）`;
}

/** The unit of a derived indicator: a rate is a ratio between 0 and 1, anything else counts requests. */
export function derivedUnit(name: DerivedIndicatorName): string {
  return INDICATOR_FORMULAS[name].denominator === null ? "件" : "比率";
}

/** Derived indicator headers: "公开率 disclosureRate（比率）". */
export function derivedHeaders(): string[] {
  return DERIVED_INDICATOR_NAMES.map((name) => `${INDICATOR_FORMULAS[name].labelZh} ${name}（${derivedUnit(name)}）`);
}

/** The report fields every export for people starts with: Chinese label, code, and the SQL that reads it. */
export const REPORT_FIELDS = [
  { header: "报告编号 report_id", key: "report_id" },
  { header: "机关编号 agency_id", key: "agency_id" },
  { header: "机关名称 agency_name", key: "agency_name" },
  { header: "机关类别 agency_kind", key: "agency_kind" },
  { header: "行政区划代码 region_code", key: "region_code" },
  { header: "年度 year", key: "year" },
  { header: "模板版本 template_version", key: "template_version" },
  { header: "报告范围 scope", key: "scope" },
  { header: "标题 title", key: "title" },
  { header: "校验错误数 error_count", key: "error_count" },
] as const;

/** A report row as the batches read it. */
export type ReportRecord = Record<(typeof REPORT_FIELDS)[number]["key"], unknown>;

/**
 * Reports under `where` (conditions on r and a), in id order, `size` at a time: as they stand, or as of `point` (each
 * report's latest revision then, not a deletion, with the fields it kept, its agency's name and kind then). The caller stops
 * reading by breaking out of the loop; no batch is read before the previous one has been handed over.
 */
export async function* reportBatches(dataSource: DataSource, where: SqlPart, size: number, point: HistoryPoint | null = null): AsyncGenerator<ReportRecord[]> {
  const agency = "a.id AS agency_id, a.name AS agency_name, a.kind AS agency_kind, a.region_code";
  for (let after = 0; ;) {
    const rows =
      point === null
        ? ((await dataSource.query(
            `SELECT r.id AS report_id, ${agency}, r.year, r.template_version, r.scope, r.title, r.error_count
             FROM report r JOIN agency a ON a.id = r.agency_id
             WHERE ${where.sql} AND r.id > ? ORDER BY r.id LIMIT ${size}`,
            [...where.params, after],
          )) as ReportRecord[])
        : (
            (await dataSource.query(
              `SELECT r.report_id AS report_id, ${agency}, r.year, r.template_version, r.scope, r.fields
               FROM report_revision r JOIN agency a ON a.id = r.agency_id
               WHERE ${reportAtCondition("r")} AND ${where.sql} AND r.report_id > ? ORDER BY r.report_id LIMIT ${size}`,
              [point.revisionId, point.revisionId, ...where.params, after],
            )) as Array<Record<string, unknown>>
          ).map(({ fields, ...row }) => {
            const kept = JSON.parse(String(fields)) as { title: string | null; errorCount: number; agencyName?: string; agencyKind?: string };
            return {
              ...row,
              agency_name: kept.agencyName ?? row.agency_name,
              agency_kind: kept.agencyKind ?? row.agency_kind,
              title: kept.title,
              error_count: kept.errorCount,
            } as ReportRecord;
          });
    if (rows.length === 0) return;
    yield rows;
    after = Number(rows[rows.length - 1].report_id);
  }
}

/** A stored cell: its number (null when none was printed) and its value state. */
export interface StoredCell {
  readonly value: number | null;
  readonly state: string;
}

/** The cells of `reportIds` (of one table, or of all), by report id and then by cell code: now, or valid at `point`. */
export async function cellsOfReports(
  dataSource: DataSource,
  reportIds: readonly number[],
  tableCode?: TableCode,
  point: HistoryPoint | null = null,
): Promise<Map<number, Map<string, StoredCell>>> {
  const byReport = new Map<number, Map<string, StoredCell>>(reportIds.map((id) => [id, new Map()]));
  if (reportIds.length === 0) return byReport;
  const table = tableCode === undefined ? "" : " AND c.table_code = ?";
  const [from, at] = point === null ? ["report_cell c WHERE", []] : [`cell_version c WHERE ${validAtSql("c")} AND`, [point.revisionId, point.revisionId]];
  const rows = (await dataSource.query(
    `SELECT c.report_id, c.table_code, c.row_code, c.column_code, c.value, c.value_state FROM ${from} c.report_id IN (${placeholders(reportIds.length)})${table}`,
    [...at, ...reportIds, ...(tableCode === undefined ? [] : [tableCode])],
  )) as Array<Record<string, unknown>>;
  for (const row of rows) {
    const code = `${String(row.table_code)}.${String(row.row_code)}.${String(row.column_code)}`;
    byReport.get(Number(row.report_id))?.set(code, { value: row.value === null ? null : Number(row.value), state: String(row.value_state) });
  }
  return byReport;
}

/** How many of a report's cells were read as UNCERTAIN or ILLEGIBLE: the cells an analyst should check first. */
export function doubtfulCells(cells: ReadonlyMap<string, StoredCell>): number {
  let count = 0;
  for (const cell of cells.values()) if (cell.state === "UNCERTAIN" || cell.state === "ILLEGIBLE") count += 1;
  return count;
}

/**
 * How many of the arithmetic rules R1–R5 (the rules whose failure makes an input doubtful) each of `reportIds`
 * fails with an error, by report id (now, or as of `point`); a report that fails none is absent.
 */
export async function failingRulesOfReports(
  dataSource: DataSource,
  reportIds: readonly number[],
  point: HistoryPoint | null = null,
): Promise<Map<number, number>> {
  if (reportIds.length === 0) return new Map();
  const [from, at] = point === null ? ["validation_issue i WHERE", []] : [`issue_version i WHERE ${validAtSql("i")} AND`, [point.revisionId, point.revisionId]];
  const rows = (await dataSource.query(
    `SELECT i.report_id, COUNT(DISTINCT i.rule) AS rules FROM ${from}
     i.report_id IN (${placeholders(reportIds.length)}) AND i.severity = 'error' AND i.rule IN (${placeholders(INPUT_RULES.length)})
     GROUP BY i.report_id`,
    [...at, ...reportIds, ...INPUT_RULES],
  )) as Array<{ report_id: number | string; rules: number | string }>;
  return new Map(rows.map((row) => [Number(row.report_id), Number(row.rules)]));
}
