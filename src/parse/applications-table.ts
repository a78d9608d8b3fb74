import { cellCode } from "../domain/cell";
import type { TabularVersion } from "../domain/codes";
import { APPLICATION_ROWS } from "../domain/template-catalog";
import { APPLICATIONS_PRINTED_COLUMNS, OTHER_SUB_ROWS, TOTAL_COLUMN, applicationLayouts, type ApplicationsLayout } from "../domain/template-parts";
import { alignToCount, isCellToken, readPiece, readToken, splitGluedRuns, type CellReading } from "./cell-values";
import type { ParseIssue, ParsedCell } from "./parsed-report";
import type { Span } from "./sections";
import { squeeze, type SourceText } from "./source-text";
import { tokenize, type Token } from "./tokens";

/**
 * Section 三: the 25×7 (TPL_2021), 23×7 (TPL_2021 printing （六） as one row, and TPL_2019) table of requests by
 * outcome and applicant type (docs/tables.md). Two readings, tried in order:
 *  1. the value stream: every cell token after the header, in reading order. When their number is exactly the
 *     template's, they fill the rows in template order; this survives garbled labels (OCR) and labels detached from
 *     their numbers (pdftotext), because text extraction keeps the rows' top-to-bottom order.
 *  2. row labels: each label's values up to the next label; glued digits ("230 000023") are split where the row
 *     sum (R2) allows exactly one reading.
 */

/** Printed value columns, in order. */
const VALUE_COLUMNS = APPLICATIONS_PRINTED_COLUMNS;

/** Row label keywords, in template order (the catalog's; a later row wins a tie). */
const ROW_KEYWORDS: ReadonlyArray<readonly [string, RegExp]> = APPLICATION_ROWS.flatMap((row) => (row.keyword ? [[row.code, row.keyword] as const] : []));

/** The codes of a row's printed cells. */
function rowCodes(row: string): string[] {
  return VALUE_COLUMNS.map((column) => cellCode({ table: "APPLICATIONS", row, column }));
}

/** Where the table starts: its header, so that figures in a lead paragraph are not read as cells. */
function tableStart(source: SourceText, span: Span): number {
  const text = source.text.slice(span.start, span.end);
  const anchors = [/申请人情况/, /本列数据/, /自然人/, /新收/].map((pattern) => pattern.exec(text)?.index ?? Infinity);
  const first = Math.min(...anchors);
  return Number.isFinite(first) ? span.start + first : span.start;
}

/** The tokens from the first row label (一、本年新收…) on: the header's labels and blank cells are not data. */
function fromFirstRow(tokens: readonly Token[]): readonly Token[] {
  const first = tokens.findIndex((token) => token.kind === "WORD" && /新收/.test(token.text));
  return first >= 0 ? tokens.slice(first) : tokens;
}

/** The table's cells as read, keyed by row code. */
export interface ApplicationsReading {
  readonly layout: ApplicationsLayout;
  readonly rows: ReadonlyMap<string, ReadonlyArray<CellReading | null>>;
  readonly uncertainRows: ReadonlySet<string>;
  readonly issues: ParseIssue[];
}

function readByStream(cellTokens: readonly Token[], layouts: readonly ApplicationsLayout[]): ApplicationsReading | null {
  const layout = layouts.find((candidate) => candidate.rows.length * VALUE_COLUMNS.length === cellTokens.length);
  if (!layout) return null;
  const rows = new Map<string, CellReading[]>();
  layout.rows.forEach((row, index) => {
    const slice = cellTokens.slice(index * VALUE_COLUMNS.length, (index + 1) * VALUE_COLUMNS.length);
    rows.set(row, slice.map(readToken));
  });
  return { layout, rows, uncertainRows: new Set(), issues: [] };
}

/** The row a label names: of all keywords in it, the one printed last (group labels come first). */
function rowOfLabel(label: string): string | null {
  let best: [string, number] | null = null;
  for (const [row, pattern] of ROW_KEYWORDS) {
    const global = new RegExp(pattern.source, "g");
    let last = -1;
    for (let match = global.exec(label); match; match = global.exec(label)) last = match.index;
    if (last >= 0 && (!best || last >= best[1])) best = [row, last];
  }
  return best?.[0] ?? null;
}

/** Groups the cell tokens after each recognised row label. */
function groupByLabel(tokens: readonly Token[]): Map<string, { line: number; values: Token[] }> {
  const groups = new Map<string, { line: number; values: Token[] }>();
  let label = "";
  let labelLine = 0;
  let current: { line: number; values: Token[] } | null = null;
  for (const token of tokens) {
    if (!isCellToken(token)) {
      if (label === "") labelLine = token.line;
      label += squeeze(token.text);
      continue;
    }
    if (/\p{Script=Han}/u.test(label)) {
      const row = rowOfLabel(label);
      current = row && !groups.has(row) ? { line: labelLine, values: [] } : null;
      if (row && current) groups.set(row, current);
    }
    label = "";
    current?.values.push(token);
  }
  return groups;
}

const TOTAL_INDEX = VALUE_COLUMNS.indexOf(TOTAL_COLUMN);

/** Sum check R2 on one row of strings (in VALUE_COLUMNS order): TOTAL equals the applicant columns. */
function rowSumHolds(values: readonly string[]): boolean {
  const numbers = values.map(Number);
  const parts = numbers.reduce((sum, value, index) => (index === TOTAL_INDEX ? sum : sum + value), 0);
  return parts === numbers[TOTAL_INDEX];
}

function readByLabels(tokens: readonly Token[], layouts: readonly ApplicationsLayout[]): ApplicationsReading {
  const groups = groupByLabel(tokens);
  const layout = layouts.find((candidate) => candidate.otherSplit === groups.has(OTHER_SUB_ROWS[0])) ?? layouts[0];
  const rows = new Map<string, ReadonlyArray<CellReading | null>>();
  const uncertainRows = new Set<string>();
  const issues: ParseIssue[] = [];
  for (const row of layout.rows) {
    const found = groups.get(row);
    if (!found) continue;
    const count = VALUE_COLUMNS.length;
    const group = { line: found.line, values: alignToCount(found.values, count) };
    if (group.values.length < count && group.values.every((token) => token.kind === "VALUE")) {
      const all = splitGluedRuns(
        group.values.map((token) => token.text),
        count,
      );
      const balanced = all.filter(rowSumHolds);
      const chosen = balanced[0] ?? all[0];
      if (chosen) {
        rows.set(
          row,
          chosen.map((text) => readPiece(text, group.values[0])),
        );
        if (balanced.length !== 1) uncertainRows.add(row);
        continue;
      }
    }
    rows.set(
      row,
      VALUE_COLUMNS.map((_, index) => (group.values[index] ? readToken(group.values[index]) : null)),
    );
    if (group.values.length !== count) {
      issues.push({
        rule: "PARSE_VALUE_MISSING",
        severity: "warning",
        message: `row ${row} of section 三 prints ${group.values.length} values where the template has ${count}`,
        cells: rowCodes(row),
        line: group.line,
      });
    }
  }
  return { layout, rows, uncertainRows, issues };
}

/** Reads the section 三 table of a report in `version`. */
export function readApplicationsTable(source: SourceText, span: Span, version: TabularVersion): ApplicationsReading {
  const tokens = fromFirstRow(tokenize(source, tableStart(source, span), span.end));
  const layouts = applicationLayouts(version);
  return readByStream(tokens.filter(isCellToken), layouts) ?? readByLabels(tokens, layouts);
}

/** Turns a reading into cells (every printed cell of the layout, ABSENT where nothing was read) and issues. */
export function applicationsCells(reading: ApplicationsReading): { cells: ParsedCell[]; issues: ParseIssue[] } {
  const cells: ParsedCell[] = [];
  const issues = [...reading.issues];
  for (const row of reading.layout.rows) {
    const readings = reading.rows.get(row);
    VALUE_COLUMNS.forEach((column, index) => {
      const cell = readings?.[index] ?? null;
      const uncertain = reading.uncertainRows.has(row) && cell?.state === "VALUE";
      cells.push({
        table: "APPLICATIONS",
        row,
        column,
        value: cell?.value ?? null,
        state: cell ? (uncertain ? "UNCERTAIN" : cell.state) : "ABSENT",
        raw: cell?.raw ?? null,
        line: cell?.line ?? null,
        lineOffset: cell?.lineOffset ?? null,
      });
    });
    if (!readings) {
      issues.push({
        rule: "PARSE_ROW_MISSING",
        severity: "warning",
        message: `row ${row} of section 三 was not found`,
        cells: rowCodes(row),
      });
    }
    if (reading.uncertainRows.has(row)) {
      issues.push({
        rule: "PARSE_AMBIGUOUS",
        severity: "warning",
        message: `row ${row} of section 三 prints its values glued together and the row sum does not settle how to split them`,
        cells: rowCodes(row),
      });
    }
  }
  return { cells, issues };
}
