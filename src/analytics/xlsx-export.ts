import { once } from "node:events";
import type { Writable } from "node:stream";
import type ExcelJS from "exceljs";
import type { DataSource } from "typeorm";
import { TEMPLATE_TABLES, type TableDefinition } from "../domain/template-catalog";
import { cellColumns, cellsOfReports, doubtfulCells, reportBatches, type CellColumn, type ReportRecord } from "../exports/report-layout";
import { reportConditions, whereClause, type ExportFilter } from "./csv-export";
import type { SqlPart } from "./value-query";

/**
 * The XLSX workbook for people, streamed with exceljs's WorkbookWriter: one sheet per template table, one row per
 * report with that table's cells under the table's printed row and column labels (a row per report, rather than a
 * printed block per report, so that an analyst can sort, filter and pivot across reports), and a sheet of the
 * validation issues. Sheets are written one after the other, each in keyset batches, and a batch waits for the
 * output to drain, so memory stays flat however many reports there are. UNCERTAIN and ILLEGIBLE cells are shaded.
 */

/** Reports per batch: one table's cells each. */
export const XLSX_BATCH_SIZE = 500;
/**
 * exceljs, loaded when the first workbook is written: it takes about 27 MB, which a server that never writes a
 * workbook should not hold.
 */
function loadExcel(): typeof ExcelJS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("exceljs") as typeof ExcelJS;
}

const DOUBTFUL_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFE699" } };

/** The report fields at the left of every table sheet: Chinese label and code. */
const SHEET_FIELDS = [
  ["报告编号", "report_id"],
  ["机关名称", "agency_name"],
  ["行政区划代码", "region_code"],
  ["年度", "year"],
  ["模板版本", "template_version"],
] as const;

/** Waits until `stream` can take more (or has gone). */
async function drainedStream(stream: Writable): Promise<void> {
  if (stream.writableNeedDrain && !stream.destroyed) await Promise.race([once(stream, "drain"), once(stream, "close")]);
}

/**
 * Waits until the sheet's rows have gone into the zip and `target` can take more, so that neither the compressor
 * nor a slow reader lets rows pile up in memory. exceljs's sheet stream writes to the zip entry without heeding
 * its backpressure, so the entry's own writable state is what is waited on (where this exceljs version has it).
 */
async function drained(sheet: ExcelJS.Worksheet, target: Writable): Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  if (Array.isArray(pipes)) for (const pipe of pipes as Writable[]) if (typeof pipe.once === "function") await drainedStream(pipe);
  await drainedStream(target);
}

/** The three header rows: the printed row label (merged over its columns), the column label with unit, the code. */
function writeTableHeader(sheet: ExcelJS.Worksheet, columns: readonly CellColumn[]): void {
  const first = SHEET_FIELDS.length + 2;
  const rows = [
    [...SHEET_FIELDS.map(([label]) => label), "存疑单元格数", ...columns.map((column) => column.rowLabelZh)],
    [...SHEET_FIELDS.map(() => ""), "", ...columns.map((column) => `${column.columnLabelZh}（${column.unit}）`)],
    [...SHEET_FIELDS.map(([, code]) => code), "uncertain_cells", ...columns.map((column) => column.code)],
  ];
  // The rows first, then the merges: merging first would make rows of its own above the header.
  const written = rows.map((values) => {
    const row = sheet.addRow(values);
    row.font = { bold: true };
    return row;
  });
  for (let index = 0; index <= SHEET_FIELDS.length; index += 1) sheet.mergeCells(1, index + 1, 2, index + 1);
  for (let start = 0; start < columns.length;) {
    let end = start;
    while (end + 1 < columns.length && columns[end + 1].rowLabelZh === columns[start].rowLabelZh) end += 1;
    if (end > start) sheet.mergeCells(1, first + start, 1, first + end);
    start = end + 1;
  }
  for (const row of written) row.commit();
}

/** Writes one table's sheet: a row per report under `where`. Returns the number of reports, or null if the output went. */
async function writeTableSheet(dataSource: DataSource, workbook: ExcelJS.stream.xlsx.WorkbookWriter, table: TableDefinition, where: SqlPart, target: Writable) {
  const columns = cellColumns(table.code);
  const sheet = workbook.addWorksheet(table.labelZh.slice(0, 31), { views: [{ state: "frozen", xSplit: SHEET_FIELDS.length + 1, ySplit: 3 }] });
  writeTableHeader(sheet, columns);
  let written = 0;
  for await (const reports of reportBatches(dataSource, where, XLSX_BATCH_SIZE)) {
    const cells = await cellsOfReports(
      dataSource,
      reports.map((report) => Number(report.report_id)),
      table.code,
    );
    for (const report of reports) writeReportRow(sheet, report, columns, cells.get(Number(report.report_id))!);
    written += reports.length;
    await drained(sheet, target);
    if (target.destroyed) return null;
  }
  sheet.commit();
  return written;
}

function writeReportRow(
  sheet: ExcelJS.Worksheet,
  report: ReportRecord,
  columns: readonly CellColumn[],
  cells: ReadonlyMap<string, { value: number | null; state: string }>,
) {
  const fields = SHEET_FIELDS.map(([, key]) => (key === "report_id" || key === "year" ? Number(report[key]) : (report[key] as string)));
  const row = sheet.addRow([...fields, doubtfulCells(cells), ...columns.map((column) => cells.get(column.code)?.value ?? null)]);
  columns.forEach((column, index) => {
    const state = cells.get(column.code)?.state;
    if (state === "UNCERTAIN" || state === "ILLEGIBLE") row.getCell(SHEET_FIELDS.length + 2 + index).fill = DOUBTFUL_FILL;
  });
  row.commit();
}

const ISSUE_HEADERS = [
  "报告编号 report_id",
  "机关名称 agency_name",
  "年度 year",
  "规则 rule",
  "级别 severity",
  "说明 message",
  "涉及单元格 cell_codes",
  "行号 line",
];

/** Writes the sheet of validation issues of the reports under `where`, in keyset batches. Returns false if the output went. */
async function writeIssueSheet(dataSource: DataSource, workbook: ExcelJS.stream.xlsx.WorkbookWriter, where: SqlPart, target: Writable): Promise<boolean> {
  const sheet = workbook.addWorksheet("校验问题", { views: [{ state: "frozen", ySplit: 1 }] });
  const header = sheet.addRow(ISSUE_HEADERS);
  header.font = { bold: true };
  header.commit();
  for (let after = 0; ;) {
    const issues = (await dataSource.query(
      `SELECT i.id, r.id AS report_id, a.name AS agency_name, r.year, i.rule, i.severity, i.message, i.cell_codes, i.line
       FROM validation_issue i JOIN report r ON r.id = i.report_id JOIN agency a ON a.id = r.agency_id
       WHERE ${where.sql} AND i.id > ? ORDER BY i.id LIMIT ${XLSX_BATCH_SIZE}`,
      [...where.params, after],
    )) as Array<Record<string, unknown>>;
    if (issues.length === 0) break;
    for (const issue of issues) {
      const line = issue.line === null ? null : Number(issue.line);
      const values = [Number(issue.report_id), issue.agency_name, Number(issue.year), issue.rule, issue.severity, issue.message, issue.cell_codes, line];
      sheet.addRow(values).commit();
    }
    after = Number(issues[issues.length - 1].id);
    await drained(sheet, target);
    if (target.destroyed) return false;
  }
  sheet.commit();
  return true;
}

/**
 * Streams the workbook of every report under `filter` to `target` and ends it. Returns the number of reports, or
 * stops (returning what was written so far, the workbook unfinished) as soon as `target` is destroyed.
 */
export async function exportWorkbook(dataSource: DataSource, filter: ExportFilter, target: Writable): Promise<number> {
  const where = whereClause(reportConditions(filter));
  // No shared strings: they would hold every text in memory until the end. Fast deflate: the sheets are repetitive.
  const workbook = new (loadExcel().stream.xlsx.WorkbookWriter)({ stream: target, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  let reports = 0;
  for (const table of TEMPLATE_TABLES) {
    const written = await writeTableSheet(dataSource, workbook, table, where, target);
    if (written === null) return reports;
    reports = written;
  }
  if (!(await writeIssueSheet(dataSource, workbook, where, target))) return reports;
  await workbook.commit();
  return reports;
}
