import type { DataSource } from "typeorm";
import { DERIVED_INDICATOR_NAMES } from "../domain/derived-indicators";
import { REPORT_SCOPES, TEMPLATE_VERSIONS } from "../domain/codes";
import { selectionSql } from "../services/report-selection";
import { quoteInput } from "../domain/quote-input";
import { AnalyticsInputError } from "./compare";
import { resolveIndicator } from "./indicator-ref";
import { runValueQuery, type SqlPart } from "./value-query";

/**
 * Bulk CSV export for analysts: every cell, or every report with its derived indicators, under the graph's filters.
 * Rows are read in keyset batches and written as they come, so memory stays constant however large the export;
 * writing stops as soon as the consumer goes away. UTF-8 with a byte-order mark, so that Excel reads the Chinese.
 */
export interface ExportFilter {
  readonly regionCode?: string;
  readonly agencyId?: number;
  readonly yearFrom?: number;
  readonly yearTo?: number;
  readonly templateVersion?: string;
  readonly scope?: string;
  /** Cells only: a table code, or a cell code TABLE.ROW.COLUMN. */
  readonly indicator?: string;
}

/** Where rows go; `write` resolves when the consumer can take more, and answers false once it has gone. */
export interface CsvSink {
  write(chunk: string): Promise<boolean>;
}

export const BATCH_SIZE = 2000;
const BOM = "\uFEFF";

/** Quotes a CSV field when it needs it (RFC 4180), and defuses spreadsheet formulas. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  // A text a spreadsheet would run as a formula gets a leading apostrophe; numbers and NA marks stay as they are.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text) && !/^[+-]?[\d.]+$|^[-—]+$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** Checks an export filter read from a query string; throws AnalyticsInputError naming the parameter. */
export function checkExportFilter(raw: Record<string, unknown>): ExportFilter {
  const known = ["regionCode", "agencyId", "yearFrom", "yearTo", "year", "templateVersion", "scope", "indicator"];
  for (const key of Object.keys(raw)) if (!known.includes(key)) throw new AnalyticsInputError(`unknown parameter ${quoteInput(key)}; use ${known.join(", ")}`);
  const text = (key: string) => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw new AnalyticsInputError(`${key} must be given once`);
    return value;
  };
  const year = (key: string) => {
    const value = text(key);
    if (value === undefined) return undefined;
    if (!/^\d{4}$/.test(value)) throw new AnalyticsInputError(`${key} must be a year, got ${quoteInput(value)}`);
    return Number(value);
  };
  const regionCode = text("regionCode");
  if (regionCode !== undefined && !/^\d{6}$/.test(regionCode))
    throw new AnalyticsInputError(`regionCode must be a 6-digit region code, got ${quoteInput(regionCode)}`);
  const agency = text("agencyId");
  if (agency !== undefined && !/^\d{1,15}$/.test(agency)) throw new AnalyticsInputError(`agencyId must be an agency's databaseId, got ${quoteInput(agency)}`);
  const templateVersion = text("templateVersion");
  if (templateVersion !== undefined && !(TEMPLATE_VERSIONS as readonly string[]).includes(templateVersion))
    throw new AnalyticsInputError(`templateVersion must be one of ${TEMPLATE_VERSIONS.join(", ")}`);
  const scope = text("scope");
  if (scope !== undefined && !(REPORT_SCOPES as readonly string[]).includes(scope))
    throw new AnalyticsInputError(`scope must be one of ${REPORT_SCOPES.join(", ")}`);
  const indicator = text("indicator");
  if (indicator !== undefined && !/^[A-Z0-9_]{2,32}(?:\.[A-Z0-9_]{2,48}\.[A-Z0-9_]{2,32})?$/.test(indicator))
    throw new AnalyticsInputError(`indicator must be a table code or TABLE.ROW.COLUMN, got ${quoteInput(indicator)}`);
  const single = year("year");
  return {
    regionCode,
    agencyId: agency === undefined ? undefined : Number(agency),
    yearFrom: single ?? year("yearFrom"),
    yearTo: single ?? year("yearTo"),
    templateVersion,
    scope,
    indicator,
  };
}

function reportConditions(filter: ExportFilter): SqlPart[] {
  const { regionCode, agencyId, yearFrom, yearTo, templateVersion, scope } = filter;
  return selectionSql({ regionCode, agencyId, yearFrom, yearTo, templateVersions: templateVersion ? [templateVersion] : null, scope });
}

function whereClause(parts: readonly SqlPart[]): SqlPart {
  return parts.length === 0 ? { sql: "1 = 1", params: [] } : { sql: parts.map((part) => part.sql).join(" AND "), params: parts.flatMap((part) => part.params) };
}

const CELL_COLUMNS = [
  "report_id",
  "agency_id",
  "agency_name",
  "region_code",
  "year",
  "template_version",
  "scope",
  "table_code",
  "row_code",
  "column_code",
  "value",
  "value_state",
  "raw_text",
  "line",
];

/** Writes every cell under `filter` as CSV. Returns the number of rows written (stops early if the sink goes). */
export async function exportCells(dataSource: DataSource, filter: ExportFilter, sink: CsvSink): Promise<number> {
  const conditions = reportConditions(filter);
  if (filter.indicator) {
    const [table, row, column] = filter.indicator.split(".");
    conditions.push(
      row ? { sql: "c.table_code = ? AND c.row_code = ? AND c.column_code = ?", params: [table, row, column] } : { sql: "c.table_code = ?", params: [table] },
    );
  }
  const where = whereClause(conditions);
  if (!(await sink.write(BOM + csvLine(CELL_COLUMNS)))) return 0;
  let written = 0;
  for (let after = 0; ;) {
    const rows = (await dataSource.query(
      `SELECT c.id AS cell_id, r.id AS report_id, a.id AS agency_id, a.name AS agency_name, a.region_code, r.year, r.template_version, r.scope,
              c.table_code, c.row_code, c.column_code, c.value, c.value_state, c.raw_text, c.line
       FROM report_cell c JOIN report r ON r.id = c.report_id JOIN agency a ON a.id = r.agency_id
       WHERE ${where.sql} AND c.id > ? ORDER BY c.id LIMIT ${BATCH_SIZE}`,
      [...where.params, after],
    )) as Array<Record<string, unknown>>;
    if (rows.length === 0) return written;
    const chunk = rows
      .map((row) => csvLine(CELL_COLUMNS.map((column) => (column === "value" && row.value !== null ? Number(row.value) : row[column]))))
      .join("");
    if (!(await sink.write(chunk))) return written;
    written += rows.length;
    after = Number(rows[rows.length - 1].cell_id);
  }
}

const REPORT_COLUMNS = [
  "report_id",
  "agency_id",
  "agency_name",
  "agency_kind",
  "region_code",
  "year",
  "template_version",
  "scope",
  "title",
  "published_at",
  "source_url",
  "error_count",
];

/** Writes every report under `filter` as CSV, with its derived indicators (computed in SQL per batch). */
export async function exportReports(dataSource: DataSource, filter: ExportFilter, sink: CsvSink): Promise<number> {
  const where = whereClause(reportConditions(filter));
  const indicators = DERIVED_INDICATOR_NAMES.map(resolveIndicator);
  if (!(await sink.write(BOM + csvLine([...REPORT_COLUMNS, ...DERIVED_INDICATOR_NAMES])))) return 0;
  let written = 0;
  for (let after = 0; ;) {
    const rows = (await dataSource.query(
      `SELECT r.id AS report_id, a.id AS agency_id, a.name AS agency_name, a.kind AS agency_kind, a.region_code, r.year, r.template_version, r.scope,
              r.title, r.published_at, r.source_url, r.error_count
       FROM report r JOIN agency a ON a.id = r.agency_id
       WHERE ${where.sql} AND r.id > ? ORDER BY r.id LIMIT ${BATCH_SIZE}`,
      [...where.params, after],
    )) as Array<Record<string, unknown>>;
    if (rows.length === 0) return written;
    const ids = rows.map((row) => Number(row.report_id));
    const derived = await runValueQuery(dataSource, {
      indicators,
      where: [{ sql: `r.id IN (${ids.map(() => "?").join(", ")})`, params: ids }],
      keys: [{ alias: "report_key", sql: "r.id" }],
    });
    const byReport = new Map(derived.map((row) => [Number(row.keys.report_key), row.values.map((value) => value.value)]));
    const chunk = rows.map((row) => csvLine([...REPORT_COLUMNS.map((column) => row[column]), ...(byReport.get(Number(row.report_id)) ?? [])])).join("");
    if (!(await sink.write(chunk))) return written;
    written += rows.length;
    after = ids[ids.length - 1];
  }
}
