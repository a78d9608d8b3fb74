import type { DataSource } from "typeorm";
import { cellNumber } from "../domain/cell-value";
import { DERIVED_INDICATOR_NAMES, deriveIndicators } from "../domain/derived-indicators";
import { GraphQLError } from "graphql";
import { REPORT_SCOPES, TABLE_CODES, TEMPLATE_VERSIONS } from "../domain/codes";
import { INDICATORS } from "../domain/indicator-catalog";
import {
  cellColumns,
  cellHeader,
  cellsOfReports,
  derivedHeaders,
  doubtfulCells,
  failingRulesOfReports,
  REPORT_FIELDS,
  reportBatches,
  type StoredCell,
} from "../exports/report-layout";
import { numericKey } from "../graph/core/node";
import { selectionSql } from "../services/report-selection";
import { quoteInput } from "../domain/quote-input";
import { AnalyticsInputError } from "./compare";
import { placesOf, roundTo } from "./decimal-output";
import { resolveIndicator } from "./indicator-ref";
import { runValueQuery, type SqlPart } from "./value-query";
import { reportAtCondition, resolvePoint, validAtSql, type HistoryPoint, type PointRequest } from "../revisions/history";
import { RevisionInputError, RevisionNotFoundError } from "../revisions/revision-errors";

/**
 * Bulk CSV export for analysts: every cell, every report with its derived indicators, or the wide table for people
 * (a row per report, a column per cell and per derived indicator, Chinese headers with codes and units), under the
 * graph's filters; agencyId takes the graph's global id or the databaseId, and every code is checked against the
 * catalog or the database, so that a typo is refused rather than answered with a header only. Rows are read in keyset batches and written as they come, so memory stays constant however large the export;
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
  const templateVersion = text("templateVersion");
  if (templateVersion !== undefined && !(TEMPLATE_VERSIONS as readonly string[]).includes(templateVersion))
    throw new AnalyticsInputError(`templateVersion must be one of ${TEMPLATE_VERSIONS.join(", ")}`);
  const scope = text("scope");
  if (scope !== undefined && !(REPORT_SCOPES as readonly string[]).includes(scope))
    throw new AnalyticsInputError(`scope must be one of ${REPORT_SCOPES.join(", ")}`);
  const indicator = text("indicator");
  if (indicator !== undefined) checkIndicator(indicator);
  const single = year("year");
  return {
    regionCode,
    agencyId: agency === undefined ? undefined : agencyKey(agency),
    yearFrom: single ?? year("yearFrom"),
    yearTo: single ?? year("yearTo"),
    templateVersion,
    scope,
    indicator,
  };
}

/** A moment in ISO 8601 with its time zone: 2024-03-01T12:00:00Z, 2024-03-01T20:00+08:00. */
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Reads `asOf` (ISO 8601 with a time zone); throws AnalyticsInputError naming asOf. */
export function parseAsOf(text: string): Date {
  const moment = ISO_MOMENT.test(text) ? new Date(text) : null;
  if (!moment || Number.isNaN(moment.getTime()))
    throw new AnalyticsInputError(
      `asOf must be a moment in ISO 8601 with its time zone (2024-03-01T12:00:00Z, 2024-03-01T20:00:00+08:00), got ${quoteInput(text)}`,
    );
  return moment;
}

/**
 * Takes `asOf` and `release` out of a query string: what is left is the filter. Throws AnalyticsInputError for a
 * parameter given twice or malformed, or for both given.
 */
export function splitPointRequest(raw: Record<string, unknown>): { point: PointRequest | null; rest: Record<string, unknown> } {
  const { asOf, release, ...rest } = raw;
  for (const [key, value] of [
    ["asOf", asOf],
    ["release", release],
  ] as const)
    if (value !== undefined && typeof value !== "string") throw new AnalyticsInputError(`${key} must be given once`);
  if (asOf !== undefined && release !== undefined) throw new AnalyticsInputError("give asOf or release, not both");
  if (asOf !== undefined) return { point: { asOf: parseAsOf(asOf as string) }, rest };
  if (release !== undefined) return { point: { release: release as string }, rest };
  return { point: null, rest };
}

/** The point a request names, or null for the data as it stands; an unknown release is an AnalyticsInputError. */
export async function resolveExportPoint(dataSource: DataSource, request: PointRequest | null): Promise<HistoryPoint | null> {
  if (request === null) return null;
  try {
    return await resolvePoint(dataSource.manager, request);
  } catch (error) {
    if (error instanceof RevisionNotFoundError)
      throw new AnalyticsInputError(`release ${quoteInput(String(error.key))} is not a known release; gongkai release list lists them`);
    if (error instanceof RevisionInputError) throw new AnalyticsInputError(error.message);
    throw error;
  }
}

/** An agency's database id from its databaseId or its graph global id (Agency:N); throws naming agencyId. */
function agencyKey(value: string): number {
  if (/^\d{1,15}$/.test(value)) return Number(value);
  try {
    return numericKey(value, "agencyId", "Agency");
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw new AnalyticsInputError(`agencyId must be an agency's id (its global id or databaseId), got ${quoteInput(value)}`);
  }
}

/** Checks `indicator` against the catalog: a table code, or a cell code of the indicator catalog. */
function checkIndicator(indicator: string): void {
  const [table, ...rest] = indicator.split(".");
  if (!(TABLE_CODES as readonly string[]).includes(table))
    throw new AnalyticsInputError(
      `indicator must be a table code or TABLE.ROW.COLUMN; ${quoteInput(table)} is not a table code: use one of ${TABLE_CODES.join(", ")}`,
    );
  if (rest.length > 0 && !INDICATORS.some((candidate) => candidate.code === indicator))
    throw new AnalyticsInputError(
      `indicator ${quoteInput(indicator)} is not a cell of the catalog; the indicators query with tableCode ${table} lists its cells`,
    );
}

/**
 * Checks that the filter's region and agency exist, so that a typo is refused rather than answered with a header
 * only. Throws AnalyticsInputError naming the parameter.
 */
export async function checkExportTargets(dataSource: DataSource, filter: ExportFilter): Promise<void> {
  if (filter.regionCode !== undefined) {
    const found = (await dataSource.query("SELECT code FROM region WHERE code = ?", [filter.regionCode])) as unknown[];
    if (found.length === 0)
      throw new AnalyticsInputError(`regionCode ${quoteInput(filter.regionCode)} is not a known region code; the regions query lists them`);
  }
  if (filter.agencyId !== undefined) {
    const found = (await dataSource.query("SELECT id FROM agency WHERE id = ?", [filter.agencyId])) as unknown[];
    if (found.length === 0) throw new AnalyticsInputError(`agencyId ${filter.agencyId} is not a known agency; the agencies query lists them`);
  }
}

/** Refuses `indicator` on an export of whole reports, where it would be silently ignored. */
export function checkReportFilter(filter: ExportFilter): ExportFilter {
  if (filter.indicator !== undefined) throw new AnalyticsInputError("indicator applies to cells.csv only; a report export has every cell");
  return filter;
}

/** The report conditions of a filter (region subtree, agency, years, template version, scope). */
export function reportConditions(filter: ExportFilter): SqlPart[] {
  const { regionCode, agencyId, yearFrom, yearTo, templateVersion, scope } = filter;
  return selectionSql({ regionCode, agencyId, yearFrom, yearTo, templateVersions: templateVersion ? [templateVersion] : null, scope });
}

/** ANDs conditions into one WHERE clause ("1 = 1" when there are none). */
export function whereClause(parts: readonly SqlPart[]): SqlPart {
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

/** Reports per batch of the cells export: each brings its cells (~300), read and sorted together. */
export const CELL_REPORT_BATCH_SIZE = 20;

/** Compares cell codes as the exports order them: table, row, column, by code point (the same on every database). */
function byCellCode(a: Record<string, unknown>, b: Record<string, unknown>): number {
  for (const key of ["table_code", "row_code", "column_code"]) {
    const [x, y] = [String(a[key]), String(b[key])];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The report part of a cells row, read from the reports as they are now or as of a revision. */
interface CellReportRow {
  readonly report_id: number | string;
  readonly [column: string]: unknown;
}

/**
 * A batch of the reports under `where` after report id `after`, in id order: the reports as they stand, or as of
 * `point` (each one's latest revision then, not a deletion, with its template version, scope, year and agency name
 * then; the agency's region as it is, which never changes).
 */
async function reportBatch(dataSource: DataSource, where: SqlPart, after: number, point: HistoryPoint | null): Promise<CellReportRow[]> {
  const columns = "a.id AS agency_id, a.name AS agency_name, a.region_code, r.year, r.template_version, r.scope";
  if (point === null)
    return dataSource.query(
      `SELECT r.id AS report_id, ${columns} FROM report r JOIN agency a ON a.id = r.agency_id
       WHERE ${where.sql} AND r.id > ? ORDER BY r.id LIMIT ${CELL_REPORT_BATCH_SIZE}`,
      [...where.params, after],
    );
  const rows = (await dataSource.query(
    `SELECT r.report_id, ${columns}, r.fields FROM report_revision r JOIN agency a ON a.id = r.agency_id
     WHERE ${reportAtCondition("r")} AND ${where.sql} AND r.report_id > ? ORDER BY r.report_id LIMIT ${CELL_REPORT_BATCH_SIZE}`,
    [point.revisionId, point.revisionId, ...where.params, after],
  )) as Array<CellReportRow & { fields: string }>;
  // The agency's name as it was then, kept in the revision (an agency takes the name its latest report prints).
  return rows.map(({ fields, ...row }) => ({ ...row, agency_name: (JSON.parse(fields) as { agencyName?: string }).agencyName ?? row.agency_name }));
}

/** The cells of a batch of reports (under the indicator's condition on alias c), now or valid at `point`. */
function cellBatch(
  dataSource: DataSource,
  reportIds: readonly number[],
  indicator: SqlPart,
  point: HistoryPoint | null,
): Promise<Array<Record<string, unknown>>> {
  const columns = "c.report_id, c.table_code, c.row_code, c.column_code, c.value, c.value_state, c.raw_text, c.line";
  const ids = `c.report_id IN (${reportIds.map(() => "?").join(", ")})`;
  if (point === null) return dataSource.query(`SELECT ${columns} FROM report_cell c WHERE ${ids} AND ${indicator.sql}`, [...reportIds, ...indicator.params]);
  return dataSource.query(`SELECT ${columns} FROM cell_version c WHERE ${ids} AND ${validAtSql("c")} AND ${indicator.sql}`, [
    ...reportIds,
    point.revisionId,
    point.revisionId,
    ...indicator.params,
  ]);
}

/**
 * Writes every cell under `filter` as CSV: the cells as they are, or, given `point`, as they were then (the reports
 * then, their cells valid then, the filter applied to their values then). Reports in id order and each report's
 * cells by table, row and column, so that the same data gives the same bytes now and as of any later point; read a
 * batch of reports at a time. Returns the number of rows written (stops early if the sink goes).
 */
export async function exportCells(dataSource: DataSource, filter: ExportFilter, sink: CsvSink, point: HistoryPoint | null = null): Promise<number> {
  const where = whereClause(reportConditions(filter));
  const [table, row, column] = filter.indicator?.split(".") ?? [];
  const indicator: SqlPart = !table
    ? { sql: "1 = 1", params: [] }
    : row
      ? { sql: "c.table_code = ? AND c.row_code = ? AND c.column_code = ?", params: [table, row, column] }
      : { sql: "c.table_code = ?", params: [table] };
  if (!(await sink.write(BOM + csvLine(CELL_COLUMNS)))) return 0;
  let written = 0;
  for (let after = 0; ;) {
    const reports = await reportBatch(dataSource, where, after, point);
    if (reports.length === 0) return written;
    const ids = reports.map((report) => Number(report.report_id));
    const byReport = new Map<number, Array<Record<string, unknown>>>(ids.map((id) => [id, []]));
    for (const cell of await cellBatch(dataSource, ids, indicator, point)) byReport.get(Number(cell.report_id))!.push(cell);
    const lines: string[] = [];
    for (const report of reports) {
      for (const cell of byReport.get(Number(report.report_id))!.sort(byCellCode)) {
        const values: Record<string, unknown> = { ...report, ...cell, value: cell.value === null ? null : Number(cell.value) };
        lines.push(csvLine(CELL_COLUMNS.map((name) => values[name])));
      }
    }
    if (lines.length > 0 && !(await sink.write(lines.join("")))) return written;
    written += lines.length;
    after = ids[ids.length - 1];
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
    const byReport = await derivedOfReports(dataSource, ids);
    const chunk = rows.map((row) => csvLine([...REPORT_COLUMNS.map((column) => row[column]), ...(byReport.get(Number(row.report_id)) ?? [])])).join("");
    if (!(await sink.write(chunk))) return written;
    written += rows.length;
    after = ids[ids.length - 1];
  }
}

/** Reports per batch of the wide export: each brings its ~300 cells, so batches are smaller than the others'. */
export const WIDE_BATCH_SIZE = 200;

/** The derived indicators of a batch of reports, by report id, in DERIVED_INDICATOR_NAMES order. */
async function derivedOfReports(dataSource: DataSource, ids: readonly number[]): Promise<Map<number, Array<number | null>>> {
  const derived = await runValueQuery(dataSource, {
    indicators: DERIVED_INDICATOR_NAMES.map(resolveIndicator),
    where: [{ sql: `r.id IN (${ids.map(() => "?").join(", ")})`, params: ids }],
    keys: [{ alias: "report_key", sql: "r.id" }],
  });
  return new Map(derived.map((row) => [Number(row.keys.report_key), row.values.map((value) => value.value)]));
}

/** Derived indicators as printed by the wide export, rounded once to their documented places (decimal-output). */
const WIDE_DERIVED = DERIVED_INDICATOR_NAMES.map((name) => ({ name, places: placesOf(resolveIndicator(name)) }));

/**
 * A report's derived indicators from the cells already read for its row, in DERIVED_INDICATOR_NAMES order: the
 * same formulas, and the same BLANK-as-0 rule, as `Report.indicators` and the SQL of reports.csv.
 */
function derivedOfCells(cells: ReadonlyMap<string, StoredCell>): Array<number | null> {
  const derived = deriveIndicators((table, row, column) => {
    const cell = cells.get(`${table}.${row}.${column}`);
    return cell ? cellNumber(cell) : null;
  });
  return WIDE_DERIVED.map(({ name, places }) => roundTo(derived[name], places));
}

/**
 * Writes the wide CSV for people: one row per report under `filter`, with its quality counts (validation errors,
 * UNCERTAIN or ILLEGIBLE cells, arithmetic rules R1–R5 failed), one column per catalog cell and one per derived indicator; headers in Chinese
 * with the code and the unit. Returns the number of reports written (stops early if the sink goes).
 */
export async function exportWide(dataSource: DataSource, filter: ExportFilter, sink: CsvSink, point: HistoryPoint | null = null): Promise<number> {
  const columns = cellColumns();
  const quality = ["存疑单元格数 uncertain_cells", "不通过的算术规则数 failing_rules"];
  const header = [...REPORT_FIELDS.map((field) => field.header), ...quality, ...columns.map(cellHeader), ...derivedHeaders()];
  if (!(await sink.write(BOM + csvLine(header)))) return 0;
  let written = 0;
  for await (const reports of reportBatches(dataSource, whereClause(reportConditions(filter)), WIDE_BATCH_SIZE, point)) {
    const ids = reports.map((report) => Number(report.report_id));
    const [cells, failing] = [await cellsOfReports(dataSource, ids, undefined, point), await failingRulesOfReports(dataSource, ids, point)];
    const chunk = reports
      .map((report, index) => {
        const own = cells.get(ids[index])!;
        const values = columns.map((column) => own.get(column.code)?.value ?? null);
        const counts = [doubtfulCells(own), failing.get(ids[index]) ?? 0];
        return csvLine([...REPORT_FIELDS.map((field) => report[field.key]), ...counts, ...values, ...derivedOfCells(own)]);
      })
      .join("");
    if (!(await sink.write(chunk))) return written;
    written += reports.length;
  }
  return written;
}
