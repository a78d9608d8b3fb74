import type { TableCode, TabularVersion } from "../domain/codes";
import { formatCellCode } from "../domain/cell";
import type { ColumnDefinition } from "../domain/template-catalog";
import { PROACTIVE_TABLES, articleItemOf } from "../domain/template-parts";
import { alignToCount, isCellToken, readPiece, readToken, splitGluedRuns, type CellReading } from "./cell-values";
import type { ParseIssue, ParsedCell } from "./parsed-report";
import type { Span } from "./sections";
import type { SourceText } from "./source-text";
import { tokenize, type Token } from "./tokens";

/**
 * Section 二: the 第二十条 sub-tables (docs/tables.md). Each sub-table is anchored on its caption
 *   第二十条第（一|五|六|八|九）项
 * and each row on its label; the values that follow a label, up to the next label or caption, are its cells.
 */
const TABLE_BY_ITEM: Readonly<Record<string, TableCode>> = Object.fromEntries(PROACTIVE_TABLES.map((table) => [articleItemOf(table), table.code]));
const CAPTION = new RegExp(`第\\s*二\\s*十\\s*条\\s*第?\\s*\\(\\s*([${Object.keys(TABLE_BY_ITEM).join("")}])\\s*\\)\\s*项`, "g");

/** Row labels (Traditional text has been converted to Simplified by then, see source-text.ts). */
const ROW_LABELS: ReadonlyArray<readonly [string, RegExp]> = [
  ["ADMIN_NORMATIVE_DOCS", /规范性文件/],
  ["NORMATIVE_DOCS", /规范性文件/],
  ["REGULATIONS", /规章/],
  ["ADMIN_LICENSING", /行政许可/],
  ["OTHER_EXTERNAL_SERVICES", /对外管理服务/],
  ["ADMIN_PENALTY", /行政处罚/],
  ["ADMIN_COERCION", /行政强制/],
  ["ADMIN_FEES", /事业性收费/],
  ["CENTRAL_PROCUREMENT", /集中采购/],
];

interface RowValues {
  readonly label: Token;
  readonly values: Token[];
}

/** Finds each caption's span: from the caption to the next caption or the end of section 二. */
function captionSpans(source: SourceText, span: Span): Array<[TableCode, Span]> {
  const found: Array<[TableCode, number]> = [];
  CAPTION.lastIndex = span.start;
  for (let match = CAPTION.exec(source.text); match && match.index < span.end; match = CAPTION.exec(source.text)) {
    found.push([TABLE_BY_ITEM[match[1]], match.index + match[0].length]);
  }
  return found.map(([table, start], index) => [table, { start, end: index + 1 < found.length ? found[index + 1][1] - 1 : span.end }]);
}

/** Walks a sub-table's tokens and collects the value tokens after each row label. */
function collectRows(tokens: readonly Token[], rowCodes: readonly string[]): Map<string, RowValues> {
  const labels = ROW_LABELS.filter(([code]) => rowCodes.includes(code));
  const rows = new Map<string, RowValues>();
  let current: RowValues | null = null;
  let words = "";
  for (const token of tokens) {
    if (isCellToken(token)) {
      words = "";
      current?.values.push(token);
      continue;
    }
    words += token.text;
    const label = labels.find(([, pattern]) => pattern.test(words));
    if (label && !rows.has(label[0])) {
      current = { label: token, values: [] };
      rows.set(label[0], current);
      words = "";
    }
  }
  return rows;
}

/** How plausible a reading of glued digits is, where no arithmetic can decide (docs/real-text.md M6). */
function plausibility(values: readonly string[], columns: readonly ColumnDefinition[]): number {
  let score = 0;
  const countLengths: number[] = [];
  columns.forEach((column, index) => {
    const text = values[index];
    if (column.code === "ITEMS_DELTA") score += Number(text) === 0 ? 100 : -text.length;
    else if (column.code !== "PROCUREMENT_AMOUNT" && column.code !== "FEE_AMOUNT") countLengths.push(text.length);
  });
  if (countLengths.length > 1) score -= 10 * (Math.max(...countLengths) - Math.min(...countLengths));
  const items = values[columns.findIndex((column) => column.code === "PROCUREMENT_ITEMS")];
  const amount = values[columns.findIndex((column) => column.code === "PROCUREMENT_AMOUNT")];
  if (items !== undefined && amount !== undefined && Number(items) > 0) {
    // A centralised-procurement item is typically worth some hundreds of thousands of yuan.
    score -= Math.abs(Math.log10(Number(amount.replace(/[^\d.]/g, "")) / Number(items)) - 5.5);
  }
  return score;
}

interface RowReading {
  readonly readings: ReadonlyArray<CellReading | null>;
  readonly uncertain: boolean;
}

/** Reads a row's value tokens into exactly `columns.length` cells, splitting glued digits when it must. */
function readRow(printed: readonly Token[], columns: readonly ColumnDefinition[]): RowReading {
  const count = columns.length;
  const values = alignToCount(printed, count);
  if (values.length >= count || values.some((token) => token.kind !== "VALUE")) {
    return { readings: columns.map((_, index) => (values[index] ? readToken(values[index]) : null)), uncertain: false };
  }
  const candidates = splitGluedRuns(
    values.map((token) => token.text),
    count,
  );
  if (candidates.length === 0) {
    return { readings: columns.map((_, index) => (values[index] ? readToken(values[index]) : null)), uncertain: false };
  }
  const best = candidates.reduce((chosen, candidate) => (plausibility(candidate, columns) > plausibility(chosen, columns) ? candidate : chosen));
  const readings = best.map((text) => readPiece(text, values[0]));
  return { readings, uncertain: candidates.length > 1 };
}

/** Parses the section 二 sub-tables of a report in `version`. */
export function parseProactiveTables(source: SourceText, span: Span, version: TabularVersion): { cells: ParsedCell[]; issues: ParseIssue[] } {
  const cells: ParsedCell[] = [];
  const issues: ParseIssue[] = [];
  const spans = new Map(captionSpans(source, span));
  for (const table of PROACTIVE_TABLES) {
    const tableCode = table.code;
    if (!table.versions.includes(version)) continue;
    const rowsOfVersion = table.rows.filter((row) => row.versions.includes(version));
    const columns = table.columns.filter((column) => column.versions.includes(version));
    const tableSpan = spans.get(tableCode);
    const found = tableSpan
      ? collectRows(
          tokenize(source, tableSpan.start, tableSpan.end),
          rowsOfVersion.map((row) => row.code),
        )
      : new Map<string, RowValues>();
    if (!tableSpan) {
      issues.push({
        rule: "PARSE_TABLE_MISSING",
        severity: "warning",
        message: `${table.labelZh} (${tableCode}) was not found in section 二`,
        cells: [],
      });
    }
    for (const row of rowsOfVersion) {
      const rowValues = found.get(row.code);
      const { readings, uncertain } = rowValues ? readRow(rowValues.values, columns) : { readings: columns.map(() => null), uncertain: false };
      const codes = columns.map((column) => formatCellCode(tableCode, row.code, column.code));
      columns.forEach((column, index) => {
        const reading = readings[index];
        cells.push({
          table: tableCode,
          row: row.code,
          column: column.code,
          value: reading?.value ?? null,
          state: reading ? (uncertain && reading.state === "VALUE" ? "UNCERTAIN" : reading.state) : "ABSENT",
          raw: reading?.raw ?? null,
          line: reading?.line ?? null,
          lineOffset: reading?.lineOffset ?? null,
        });
      });
      if (tableSpan && !rowValues) {
        issues.push({ rule: "PARSE_ROW_MISSING", severity: "warning", message: `row ${row.labelZh} of ${table.labelZh} was not found`, cells: codes });
      } else if (rowValues && readings.some((reading) => reading === null)) {
        issues.push({
          rule: "PARSE_VALUE_MISSING",
          severity: "warning",
          message: `row ${row.labelZh} of ${table.labelZh} prints ${rowValues.values.length} of ${columns.length} values`,
          cells: codes,
          line: rowValues.label.line,
        });
      } else if (uncertain) {
        issues.push({
          rule: "PARSE_AMBIGUOUS",
          severity: "warning",
          message: `row ${row.labelZh} of ${table.labelZh} prints its values glued together ("${rowValues!.values.map((token) => token.text).join(" ")}"); no rule decides how to split them, the most plausible reading is kept`,
          cells: codes,
          line: rowValues!.label.line,
        });
      }
    }
  }
  return { cells, issues };
}
