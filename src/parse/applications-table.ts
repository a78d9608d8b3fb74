import { cellCode } from "../domain/cell";
import { cellNumber } from "../domain/cell-value";
import type { TabularVersion } from "../domain/codes";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, LEGAL_PERSON_GROUP } from "../domain/template-catalog";
import {
  APPLICATIONS_BALANCE,
  APPLICATIONS_PRINTED_COLUMNS,
  OTHER_SUB_ROWS,
  RESULTS_TOTAL_ROW,
  TOTAL_COLUMN,
  applicationLayouts,
  outcomeRows,
  type ApplicationsLayout,
} from "../domain/template-parts";
import { alignToCount, isCellToken, leadingBlanks, readPiece, readToken, splitGluedRuns, uncertainReading, type CellReading } from "./cell-values";
import type { ParseIssue, ParsedCell } from "./parsed-report";
import type { Span } from "./sections";
import { squeeze, type SourceText } from "./source-text";
import { tokenize, type Token } from "./tokens";

/**
 * Section 三: the 25×7 (TPL_2021), 23×7 (TPL_2021 printing （六） as one row, and TPL_2019) table of requests by
 * outcome and applicant type (docs/tables.md). Three readings, tried in order:
 *  1. the value stream: every cell token after the header, in reading order. When their number is exactly the
 *     template's, they fill the rows in template order; this survives garbled labels (OCR) and labels detached from
 *     their numbers (pdftotext), because text extraction keeps the rows' top-to-bottom order.
 *  2. the rows in printed order (docs/real-text.md M20): each line of values is one row, repaired to 7 cells (a lost
 *     label's empty cells, a row shifted by a label printed in a value cell), and the lines fill the rows in template
 *     order when their number is the layout's. A row whose label is missing or moved is placed by order alone, so it
 *     is a VALUE only when the identities confirm it (R2 for the row, R1 and R3 for its columns); else UNCERTAIN.
 *  3. row labels: each label's values up to the next label; glued digits ("230 000023") are split where the row
 *     sum (R2) allows exactly one reading.
 */

/** Printed value columns, in order. */
const VALUE_COLUMNS = APPLICATIONS_PRINTED_COLUMNS;
const COLUMN_COUNT = VALUE_COLUMNS.length;

/** Row label keywords, in template order (the catalog's; a later row wins a tie). */
const ROW_KEYWORDS: ReadonlyArray<readonly [string, RegExp]> = APPLICATION_ROWS.flatMap((row) => (row.keyword ? [[row.code, row.keyword] as const] : []));

/** The header's own words (申请人情况, 自然人, 总计 …), which name no row even where a row's keyword is in them. */
const HEADER_WORDS: ReadonlySet<string> = new Set(["申请人情况", LEGAL_PERSON_GROUP.labelZh, ...APPLICANT_COLUMNS.map((column) => column.labelZh)]);

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

/** The table's cells as read, keyed by row code; the rows left UNCERTAIN, each with the reason. */
export interface ApplicationsReading {
  readonly layout: ApplicationsLayout;
  readonly rows: ReadonlyMap<string, ReadonlyArray<CellReading | null>>;
  readonly uncertainRows: ReadonlyMap<string, string>;
  readonly issues: ParseIssue[];
}

function readByStream(cellTokens: readonly Token[], layouts: readonly ApplicationsLayout[]): ApplicationsReading | null {
  const layout = layouts.find((candidate) => candidate.rows.length * COLUMN_COUNT === cellTokens.length);
  if (!layout) return null;
  const rows = new Map<string, CellReading[]>();
  layout.rows.forEach((row, index) => {
    const slice = cellTokens.slice(index * COLUMN_COUNT, (index + 1) * COLUMN_COUNT);
    rows.set(row, slice.map(readToken));
  });
  return { layout, rows, uncertainRows: new Map(), issues: [] };
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

/** Every row a label names (a label moved into another row's line names two). */
function rowsNamed(label: string): Set<string> {
  return new Set(ROW_KEYWORDS.filter(([, pattern]) => pattern.test(label)).map(([row]) => row));
}

const TOTAL_INDEX = VALUE_COLUMNS.indexOf(TOTAL_COLUMN);

/** Sum check R2 on one row of strings (in VALUE_COLUMNS order): TOTAL equals the applicant columns. */
function rowSumHolds(values: readonly string[]): boolean {
  const numbers = values.map(Number);
  const parts = numbers.reduce((sum, value, index) => (index === TOTAL_INDEX ? sum : sum + value), 0);
  return parts === numbers[TOTAL_INDEX];
}

/** R2 on a row's readings: a mark or an unreadable cell leaves it unchecked (false); a blank counts as 0. */
function readingSumHolds(cells: readonly CellReading[]): boolean {
  const numbers = cells.map(cellNumber);
  if (numbers.some((value) => value === null)) return false;
  return rowSumHolds(numbers.map(String));
}

/** A row's values read from its tokens: the one reading, or the first of several and why they are several. */
interface RowValues {
  readonly cells: readonly CellReading[];
  readonly ambiguity: string | null;
}

const GLUED_AMBIGUITY = "prints its values glued together and the row sum does not settle how to split them";
const SURPLUS_AMBIGUITY = "prints surplus empty cells and more than one way of dropping them satisfies R2";

/** Glued digits ("230 000023") split into the row's 7 values, keeping the splits for which R2 holds. */
function splitRow(values: readonly Token[]): RowValues | null {
  if (values.length >= COLUMN_COUNT || values.some((token) => token.kind !== "VALUE")) return null;
  const all = splitGluedRuns(
    values.map((token) => token.text),
    COLUMN_COUNT,
  );
  const balanced = all.filter(rowSumHolds);
  const chosen = balanced[0] ?? all[0];
  if (!chosen) return null;
  return { cells: chosen.map((text) => readPiece(text, values[0])), ambiguity: balanced.length !== 1 ? GLUED_AMBIGUITY : null };
}

function readByLabels(tokens: readonly Token[], layouts: readonly ApplicationsLayout[]): ApplicationsReading {
  const groups = groupByLabel(tokens);
  const layout = layouts.find((candidate) => candidate.otherSplit === groups.has(OTHER_SUB_ROWS[0])) ?? layouts[0];
  const rows = new Map<string, ReadonlyArray<CellReading | null>>();
  const uncertainRows = new Map<string, string>();
  const issues: ParseIssue[] = [];
  for (const row of layout.rows) {
    const found = groups.get(row);
    if (!found) continue;
    const values = alignToCount(found.values, COLUMN_COUNT);
    const split = splitRow(values);
    if (split) {
      rows.set(row, split.cells);
      if (split.ambiguity) uncertainRows.set(row, split.ambiguity);
      continue;
    }
    rows.set(
      row,
      VALUE_COLUMNS.map((_, index) => (values[index] ? readToken(values[index]) : null)),
    );
    if (values.length > COLUMN_COUNT) {
      uncertainRows.set(row, `prints ${values.length} cells after its label where the template has ${COLUMN_COUNT}, so which are its own is not known`);
    } else if (values.length < COLUMN_COUNT) {
      issues.push({
        rule: "PARSE_VALUE_MISSING",
        severity: "warning",
        message: `row ${row} of section 三 prints ${values.length} values where the template has ${COLUMN_COUNT}`,
        cells: rowCodes(row),
        line: found.line,
      });
    }
  }
  return { layout, rows, uncertainRows, issues };
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

// ---- reading 2: the rows in printed order --------------------------------------------------------------------------

/** One printed line of values: its cell tokens and the words printed with it (its label, if it kept one). */
interface ValueLine {
  readonly line: number;
  readonly values: readonly Token[];
  readonly label: string;
}

/**
 * The lines that print values, each with the words since the line before (a label wrapped onto lines of its own)
 * and the words on its own line (a label printed after or among its values). Header words are left out.
 */
function valueLines(tokens: readonly Token[]): ValueLine[] {
  const lines: Array<{ line: number; values: Token[]; label: string }> = [];
  let pending = "";
  for (const token of tokens) {
    const last = lines[lines.length - 1];
    if (isCellToken(token)) {
      if (last && last.line === token.line) last.values.push(token);
      else {
        lines.push({ line: token.line, values: [token], label: pending });
        pending = "";
      }
    } else if (!HEADER_WORDS.has(squeeze(token.text))) {
      if (last && last.line === token.line) last.label += squeeze(token.text);
      else pending += squeeze(token.text);
    }
  }
  return lines;
}

/**
 * A printed line's 7 cells. Surplus empty cells at its ends are cells a converter shifted (a lost label's cells
 * before the values, a label printed in the first value cell leaving empty cells after them): every way of dropping
 * them is tried and the readings for which R2 holds are kept; glued digits are split as in the label reading.
 */
function lineValues(values: readonly Token[]): RowValues | null {
  if (values.length < COLUMN_COUNT) return splitRow(values);
  const surplus = values.length - COLUMN_COUNT;
  const leading = leadingBlanks(values);
  const trailing = leadingBlanks([...values].reverse());
  if (Math.min(leading + trailing, values.length) < surplus) return null;
  const readings: CellReading[][] = [];
  for (let before = Math.max(0, surplus - trailing); before <= Math.min(leading, surplus); before += 1) {
    readings.push(values.slice(before, before + COLUMN_COUNT).map(readToken));
  }
  const balanced = readings.filter(readingSumHolds);
  const distinct = (of: readonly CellReading[][]) => new Set(of.map((cells) => cells.map((cell) => `${cell.state}:${cell.value}`).join(","))).size;
  return { cells: balanced[0] ?? readings[readings.length - 1], ambiguity: distinct(balanced.length > 0 ? balanced : readings) > 1 ? SURPLUS_AMBIGUITY : null };
}

/** How a printed line's words relate to the row its place in the order gives it. */
type LabelFit = "OWN" | "NONE" | "MOVED";

/**
 * Whether the words printed with each line agree with the rows the order gives them: its own row's keyword (OWN),
 * no label (NONE), or only the label of a neighbouring row whose own line prints none (MOVED: a label carried one
 * row up or down). Only the layout's rows count: （六）其他处理 over its printed sub-rows is a group label. Null when a
 * line names another row, which the order then contradicts.
 */
function labelFits(lines: readonly ValueLine[], rows: readonly string[]): LabelFit[] | null {
  const named = lines.map((line) => new Set([...rowsNamed(line.label)].filter((row) => rows.includes(row))));
  const fits: LabelFit[] = [];
  for (let index = 0; index < rows.length; index += 1) {
    if (named[index].size === 0) fits.push("NONE");
    else if (named[index].has(rows[index])) fits.push("OWN");
    else {
      const moved = [index - 1, index + 1].some((other) => named[other]?.size === 0 && [...named[index]].every((row) => row === rows[other]));
      if (!moved) return null;
      fits.push("MOVED");
    }
  }
  return fits;
}

/** The identities a row takes part in, by the layout: R2 (its own sum), R1 and R3 (its columns). */
function rowConfirmation(row: string, readings: ReadonlyMap<string, readonly CellReading[]>, otherSplit: boolean): string | null {
  if (!readingSumHolds(readings.get(row)!)) return "R2 does not hold for it";
  const value = (of: string, column: number) => cellNumber(readings.get(of)![column]);
  const sum = (of: readonly string[], column: number) =>
    of.reduce<number | null>((total, at) => (total === null || value(at, column) === null ? null : total + value(at, column)!), 0);
  const outcomes = outcomeRows(otherSplit);
  const checks: Array<[string, readonly string[], readonly string[]]> = [];
  if ([...APPLICATIONS_BALANCE.incoming, ...APPLICATIONS_BALANCE.outgoing].includes(row))
    checks.push(["R1", APPLICATIONS_BALANCE.incoming, APPLICATIONS_BALANCE.outgoing]);
  if (row === RESULTS_TOTAL_ROW || outcomes.includes(row)) checks.push(["R3", [RESULTS_TOTAL_ROW], outcomes]);
  for (const [rule, left, right] of checks) {
    for (let column = 0; column < COLUMN_COUNT; column += 1) {
      const [a, b] = [sum(left, column), sum(right, column)];
      if (a === null || b === null || Math.abs(a - b) > 1e-9) return `${rule} does not hold for column ${VALUE_COLUMNS[column]}`;
    }
  }
  return null;
}

function readByRowOrder(tokens: readonly Token[], layouts: readonly ApplicationsLayout[]): ApplicationsReading | null {
  const lines = valueLines(tokens);
  const layout = layouts.find((candidate) => candidate.rows.length === lines.length);
  if (!layout) return null;
  const values = lines.map((line) => lineValues(line.values));
  const fits = labelFits(lines, layout.rows);
  if (!fits || values.some((row) => row === null)) return null;
  const readings = new Map(layout.rows.map((row, index) => [row, values[index]!.cells]));
  const uncertainRows = new Map<string, string>();
  layout.rows.forEach((row, index) => {
    const place = fits[index] === "OWN" ? null : fits[index] === "NONE" ? "has no label of its own" : "prints a neighbouring row's label";
    const ambiguity = values[index]!.ambiguity;
    if (ambiguity) uncertainRows.set(row, ambiguity);
    const unconfirmed = place ? rowConfirmation(row, readings, layout.otherSplit) : null;
    if (place && unconfirmed) uncertainRows.set(row, `${place} (line ${lines[index].line}), so it is placed by the printed order alone, and ${unconfirmed}`);
  });
  return { layout, rows: readings, uncertainRows, issues: [] };
}

/** Reads the section 三 table of a report in `version`. */
export function readApplicationsTable(source: SourceText, span: Span, version: TabularVersion): ApplicationsReading {
  const tokens = fromFirstRow(tokenize(source, tableStart(source, span), span.end));
  const layouts = applicationLayouts(version);
  return readByStream(tokens.filter(isCellToken), layouts) ?? readByRowOrder(tokens, layouts) ?? readByLabels(tokens, layouts);
}

/** Turns a reading into cells (every printed cell of the layout, ABSENT where nothing was read) and issues. */
export function applicationsCells(reading: ApplicationsReading): { cells: ParsedCell[]; issues: ParseIssue[] } {
  const cells: ParsedCell[] = [];
  const issues = [...reading.issues];
  for (const row of reading.layout.rows) {
    const readings = reading.rows.get(row);
    const reason = reading.uncertainRows.get(row);
    VALUE_COLUMNS.forEach((column, index) => {
      const printed = readings?.[index] ?? null;
      const cell = printed && reason !== undefined ? uncertainReading(printed) : printed;
      cells.push({
        table: "APPLICATIONS",
        row,
        column,
        value: cell?.value ?? null,
        state: cell?.state ?? "ABSENT",
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
    if (reason !== undefined) {
      issues.push({
        rule: "PARSE_AMBIGUOUS",
        severity: "warning",
        message: `row ${row} of section 三 ${reason}`,
        cells: rowCodes(row),
      });
    }
  }
  return { cells, issues };
}
