import type { TabularVersion } from "../domain/codes";
import { APPLICANT_COLUMNS, APPLICATION_ROWS } from "../domain/template-catalog";
import { alignToCount, isCellToken, readPiece, readToken, splitGluedRuns, type CellReading } from "./cell-values";
import type { ParseIssue, ParsedCell } from "./parsed-report";
import type { Span } from "./sections";
import { squeeze, type SourceText } from "./source-text";
import { tokenize, type Token } from "./tokens";

/**
 * Section 三: the 25×7 (TPL_2021), 24×7 (TPL_2021 printing （六） as one row) or 23×7 (TPL_2019) table of requests by
 * outcome and applicant type (domain spec §4). Two readings, tried in order:
 *  1. the value stream: every cell token after the header, in reading order. When their number is exactly the
 *     template's, they fill the rows in template order; this survives garbled labels (OCR) and labels detached from
 *     their numbers (pdftotext), because text extraction keeps the rows' top-to-bottom order.
 *  2. row labels: each label's values up to the next label; glued digits ("230 000023") are split where the row
 *     sum (R2) allows exactly one reading.
 */

/** Printed value columns, in order. */
const VALUE_COLUMNS = APPLICANT_COLUMNS.filter((column) => !column.derived).map((column) => column.code);

/** Row label keywords, matched on the label text without white space (domain spec §8 hints). */
const ROW_KEYWORDS: ReadonlyArray<readonly [string, RegExp]> = [
  ["NEW_RECEIVED", /新收/],
  ["CARRIED_OVER_IN", /上年结转/],
  ["R_DISCLOSED", /予以公开/],
  ["R_PARTIAL", /部分公开/],
  ["WITHHELD_STATE_SECRET", /国家秘密/],
  ["WITHHELD_LAW_PROHIBITED", /其他法律|禁止公开/],
  ["WITHHELD_THREE_SAFETY_ONE_STABILITY", /三安全/],
  ["WITHHELD_THIRD_PARTY", /第三方/],
  ["WITHHELD_INTERNAL_AFFAIRS", /三类内/],
  ["WITHHELD_PROCESS_INFO", /过程性/],
  ["WITHHELD_ENFORCEMENT_FILE", /执法案卷/],
  ["WITHHELD_ADMIN_QUERY", /行政查询/],
  ["UNABLE_NOT_HELD", /不掌握/],
  ["UNABLE_NEEDS_CREATION", /另行制作/],
  ["UNABLE_STILL_UNCLEAR", /仍不明确/],
  ["NOT_PROCESSED_PETITION", /信访|举报投诉/],
  ["NOT_PROCESSED_REPEAT", /重复申请/],
  ["NOT_PROCESSED_PUBLICATION", /出版物/],
  ["NOT_PROCESSED_MASS_REPEAT", /大量反复/],
  ["NOT_PROCESSED_CONFIRM_REISSUE", /重新出具|确认或/],
  ["R_OTHER", /其他处理/],
  ["OTHER_NO_CORRECTION", /不补正/],
  ["OTHER_FEE_UNPAID", /缴纳费用|不缴费|收费通知/],
  ["OTHER_OTHER", /3[.、]其他(?!处理)/],
  ["R_TOTAL", /总计/],
  ["CARRIED_FORWARD_OUT", /结转下年/],
];

/** The printed rows of one layout of the table. */
interface Layout {
  readonly rows: readonly string[];
  /** （六）其他处理 printed as three sub-rows (TPL_2021) rather than one. */
  readonly otherSplit: boolean;
}

function printedRows(version: TabularVersion, otherSplit: boolean): string[] {
  return APPLICATION_ROWS.filter((row) => {
    if (row.code === "R_OTHER") return !otherSplit;
    if (row.parent === "R_OTHER") return otherSplit;
    const kind = row.kinds[version];
    return kind === "LEAF" || kind === "PRINTED_TOTAL";
  }).map((row) => row.code);
}

/** The layouts a version can print, most specific first. */
export function applicationLayouts(version: TabularVersion): Layout[] {
  return version === "TPL_2019"
    ? [{ rows: printedRows(version, false), otherSplit: false }]
    : [
        { rows: printedRows(version, true), otherSplit: true },
        { rows: printedRows(version, false), otherSplit: false },
      ];
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
  readonly layout: Layout;
  readonly rows: ReadonlyMap<string, ReadonlyArray<CellReading | null>>;
  readonly uncertainRows: ReadonlySet<string>;
  readonly issues: ParseIssue[];
}

function readByStream(cellTokens: readonly Token[], layouts: readonly Layout[]): ApplicationsReading | null {
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

/** Sum check R2 on one row of strings: TOTAL equals the six applicant columns. */
function rowSumHolds(values: readonly string[]): boolean {
  const numbers = values.map(Number);
  return numbers.slice(0, 6).reduce((sum, value) => sum + value, 0) === numbers[6];
}

function readByLabels(tokens: readonly Token[], layouts: readonly Layout[]): ApplicationsReading {
  const groups = groupByLabel(tokens);
  const layout = layouts.find((candidate) => candidate.otherSplit === groups.has("OTHER_NO_CORRECTION")) ?? layouts[0];
  const rows = new Map<string, ReadonlyArray<CellReading | null>>();
  const uncertainRows = new Set<string>();
  const issues: ParseIssue[] = [];
  for (const row of layout.rows) {
    const found = groups.get(row);
    if (!found) continue;
    const count = VALUE_COLUMNS.length;
    const group = { line: found.line, values: alignToCount(found.values, count) };
    if (group.values.length < count && group.values.every((token) => token.kind === "VALUE")) {
      const all = splitGluedRuns(group.values.map((token) => token.text), count);
      const balanced = all.filter(rowSumHolds);
      const chosen = balanced[0] ?? all[0];
      if (chosen) {
        rows.set(row, chosen.map((text) => readPiece(text, group.values[0])));
        if (balanced.length !== 1) uncertainRows.add(row);
        continue;
      }
    }
    rows.set(row, VALUE_COLUMNS.map((_, index) => (group.values[index] ? readToken(group.values[index]) : null)));
    if (group.values.length !== count) {
      issues.push({
        rule: "PARSE_VALUE_MISSING",
        severity: "warning",
        message: `row ${row} of section 三 prints ${group.values.length} values where the template has ${count}`,
        cells: VALUE_COLUMNS.map((column) => `APPLICATIONS.${row}.${column}`),
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
        cells: VALUE_COLUMNS.map((column) => `APPLICATIONS.${row}.${column}`),
      });
    }
    if (reading.uncertainRows.has(row)) {
      issues.push({
        rule: "PARSE_AMBIGUOUS",
        severity: "warning",
        message: `row ${row} of section 三 prints its values glued together and the row sum does not settle how to split them`,
        cells: VALUE_COLUMNS.map((column) => `APPLICATIONS.${row}.${column}`),
      });
    }
  }
  return { cells, issues };
}
