import type { TableCode, TabularVersion } from "../domain/codes";
import { formatCellCode, MAX_CANDIDATES, MAX_ROW_READINGS, type CellAlternatives, type CellCode } from "../domain/cell";
import type { ColumnDefinition, RowDefinition, TableDefinition } from "../domain/template-catalog";
import { PROACTIVE_TABLES, articleItemOf } from "../domain/template-parts";
import { gluedMoneyUnit, headerMoneyUnit, isMoneyKind, type MoneyUnit } from "../domain/units";
import { alignToCount, isCellToken, readMoney, readPiece, readToken, splitGluedRuns, type CellReading } from "./cell-values";
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

/** A sub-table's rows, and the words before its first row label (the header, where a unit may be stated). */
interface SubTable {
  readonly rows: Map<string, RowValues>;
  readonly header: string;
}

/** Whether `token` is a money unit printed apart from the number before it ("2500000 元"), which it then belongs to. */
function isDetachedUnit(token: Token, values: readonly Token[]): boolean {
  const last = values[values.length - 1];
  return token.kind === "WORD" && /^(?:万元|元)$/.test(token.text) && last?.kind === "VALUE" && last.line === token.line && gluedMoneyUnit(last.text) === null;
}

/** How many characters of words before a value can make up a row label: more than the longest label printed. */
const LABEL_WINDOW = 80;

/** Walks a sub-table's tokens and collects the value tokens after each row label; a detached unit joins its number. */
function collectRows(tokens: readonly Token[], rowCodes: readonly string[]): SubTable {
  const labels = ROW_LABELS.filter(([code]) => rowCodes.includes(code));
  const rows = new Map<string, RowValues>();
  let current: RowValues | null = null;
  let words = "";
  let header = "";
  for (const token of tokens) {
    if (rows.size === 0 && !isCellToken(token)) header += token.text;
    if (current && isDetachedUnit(token, current.values)) {
      const last = current.values.length - 1;
      current.values[last] = { ...current.values[last], text: current.values[last].text + token.text };
      continue;
    }
    if (isCellToken(token)) {
      words = "";
      current?.values.push(token);
      continue;
    }
    // Only the words just before this point can hold a label, so a run of words that never forms one is not re-read.
    words = (words + token.text).slice(-LABEL_WINDOW);
    const label = labels.find(([, pattern]) => pattern.test(words));
    if (label && !rows.has(label[0])) {
      current = { label: token, values: [] };
      rows.set(label[0], current);
      words = "";
    }
  }
  return { rows, header };
}

/**
 * How plausible a reading of glued digits is, where no arithmetic can decide (docs/real-text.md M6). The amount is
 * weighed in 元: in the unit glued to it, else the header's, else 元.
 */
function plausibility(values: readonly string[], columns: readonly ColumnDefinition[], headerUnit: MoneyUnit | null): number {
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
    const yuan = Number(amount.replace(/[^\d.]/g, "")) * ((gluedMoneyUnit(amount) ?? headerUnit) === "万元" ? 10_000 : 1);
    score -= Math.abs(Math.log10(yuan / Number(items)) - 5.5);
  }
  return score;
}

/** Every reading of a row the text allows, most plausible first, and the glued runs they split (null when printed apart). */
interface RowReadings {
  readonly readings: ReadonlyArray<ReadonlyArray<CellReading | null>>;
  readonly runs: readonly string[] | null;
}

/** Reads a row's value tokens into exactly `columns.length` cells, every way the glued digits split when it must. */
function readRow(printed: readonly Token[], columns: readonly ColumnDefinition[], headerUnit: MoneyUnit | null): RowReadings {
  const count = columns.length;
  const values = alignToCount(printed, count);
  const asPrinted = { readings: [columns.map((_, index) => (values[index] ? readToken(values[index]) : null))], runs: null };
  if (values.length >= count || values.some((token) => token.kind !== "VALUE")) return asPrinted;
  const runs = values.map((token) => token.text);
  const splits = splitGluedRuns(runs, count);
  if (splits.length === 0) return asPrinted;
  const scores = new Map(splits.map((split) => [split, plausibility(split, columns, headerUnit)]));
  // A stable sort: equally plausible readings keep the order the split enumerates them in.
  const ranked = [...splits].sort((a, b) => scores.get(b)! - scores.get(a)!);
  return { readings: ranked.map((split) => split.map((text) => readPiece(text, values[0]))), runs };
}

/** What a row read several ways printed: its glued runs as printed, one space between two runs. */
const gluedText = (runs: readonly string[]): string => runs.join(" ");

/** The distinct values of a list, in their first order. */
const distinct = (values: readonly number[]): number[] => [...new Set(values)];

/**
 * What each cell of a row read several ways carries (cell.ts, CellAlternatives): its candidates, its value in each
 * reading (when there are at most MAX_ROW_READINGS and every amount's unit is settled, so that a reading chosen later
 * leaves no cell of the row in doubt), and the reason in words.
 */
function rowAlternatives(readings: ReadonlyArray<ReadonlyArray<CellReading | null>>, runs: readonly string[]): CellAlternatives[] {
  const count = readings[0].length;
  const settled = readings.every((reading) => reading.every((cell) => cell?.state === "VALUE"));
  const listed = settled && readings.length <= MAX_ROW_READINGS;
  const printed = `glued ${runs.length === 1 ? "run" : "runs"} "${gluedText(runs)}"`;
  const reason = [
    `${printed} splits ${readings.length} ways into ${count} cells; no rule checks them`,
    ...(readings.length > MAX_ROW_READINGS ? ["too many readings to list"] : []),
    ...(settled ? [] : ["an amount's unit is not stated either"]),
  ];
  return readings[0].map((_, index) => {
    const values = readings.map((reading) => reading[index]!.value!);
    const taken = distinct(values);
    const shown = taken.length > MAX_CANDIDATES ? [`the ${MAX_CANDIDATES} most plausible of its ${taken.length} values listed`] : [];
    return {
      candidates: taken.slice(0, MAX_CANDIDATES),
      ...(listed ? { readings: values } : {}),
      uncertainty: [...reason, ...shown].join("; "),
    };
  });
}

/** A row's readings with its money cells in the template's unit (`readMoney`), and the issues that raised. */
function inTemplateUnits(
  readings: ReadonlyArray<CellReading | null>,
  table: TableDefinition,
  row: RowDefinition,
  columns: readonly ColumnDefinition[],
  headerUnit: MoneyUnit | null,
): { readings: ReadonlyArray<CellReading | null>; issues: ParseIssue[] } {
  const issues: ParseIssue[] = [];
  const converted = readings.map((reading, index) => {
    const column = columns[index];
    if (!reading || !isMoneyKind(table.cellKind(row.code, column.code))) return reading;
    const money = readMoney(reading, headerUnit, formatCellCode(table.code, row.code, column.code));
    if (money.issue) issues.push(money.issue);
    return money.reading;
  });
  return { readings: converted, issues };
}

/** Where a row sits: its sub-table, the columns its version prints, the unit the header states, whether the sub-table was found. */
interface RowContext {
  readonly table: TableDefinition;
  readonly row: RowDefinition;
  readonly columns: readonly ColumnDefinition[];
  readonly headerUnit: MoneyUnit | null;
  readonly tableFound: boolean;
}

/** A section 二 row whose values are printed glued together: where it is, what it printed and how many ways it reads. */
export interface GluedRow {
  readonly table: TableDefinition;
  readonly row: RowDefinition;
  readonly cells: readonly CellCode[];
  /** The glued runs as printed (`gluedText`), the printed text of each of the row's cells. */
  readonly printed: string;
  readonly readings: number;
  readonly line: number | null;
}

/**
 * The PARSE_AMBIGUOUS warning of a row printed as glued digits. One builder, so that ingest can put the warning back,
 * word for word, on a row whose evidence it loses (src/ingest/evidence.ts).
 */
export function gluedRowIssue(glued: GluedRow): ParseIssue {
  return {
    rule: "PARSE_AMBIGUOUS",
    severity: "warning",
    message: `row ${glued.row.labelZh} of ${glued.table.labelZh} prints its values glued together ("${glued.printed}"); no rule decides how to split them, the most plausible of its ${glued.readings} readings is kept and the cells list their candidates`,
    cells: [...glued.cells],
    line: glued.line ?? undefined,
  };
}

/**
 * A row's cells (the most plausible reading, with the others as candidates) and the issues reading it raised. Each
 * cell of a row read several ways keeps the glued text as its printed text: that is what was printed for it, whichever
 * reading is kept or later chosen, and it is where `lineOffset` points.
 */
function parseRow(context: RowContext, rowValues: RowValues | undefined): { cells: ParsedCell[]; issues: ParseIssue[] } {
  const { table, row, columns, headerUnit } = context;
  const read = rowValues ? readRow(rowValues.values, columns, headerUnit) : { readings: [columns.map(() => null)], runs: null };
  const converted = read.readings.map((reading) => inTemplateUnits(reading, table, row, columns, headerUnit));
  const { readings, issues: unitIssues } = converted[0];
  const glued = read.readings.length > 1 ? gluedText(read.runs!) : null;
  const alternatives = glued
    ? rowAlternatives(
        converted.map((reading) => reading.readings),
        read.runs!,
      )
    : null;
  const codes = columns.map((column) => formatCellCode(table.code, row.code, column.code));
  const cells = columns.map((column, index): ParsedCell => {
    const reading = readings[index];
    return {
      table: table.code,
      row: row.code,
      column: column.code,
      value: reading?.value ?? null,
      state: reading ? (glued && reading.state === "VALUE" ? "UNCERTAIN" : reading.state) : "ABSENT",
      raw: reading ? (glued ?? reading.raw) : null,
      line: reading?.line ?? null,
      lineOffset: reading?.lineOffset ?? null,
      ...alternatives?.[index],
    };
  });
  const issues: ParseIssue[] = [];
  if (context.tableFound && !rowValues) {
    issues.push({ rule: "PARSE_ROW_MISSING", severity: "warning", message: `row ${row.labelZh} of ${table.labelZh} was not found`, cells: codes });
  } else if (rowValues && readings.some((reading) => reading === null)) {
    issues.push({
      rule: "PARSE_VALUE_MISSING",
      severity: "warning",
      message: `row ${row.labelZh} of ${table.labelZh} prints ${rowValues.values.length} of ${columns.length} values`,
      cells: codes,
      line: rowValues.label.line,
    });
  } else if (glued) {
    issues.push(gluedRowIssue({ table, row, cells: codes, printed: glued, readings: read.readings.length, line: cells[0].line }));
  }
  return { cells, issues: [...issues, ...unitIssues] };
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
      : { rows: new Map<string, RowValues>(), header: "" };
    const headerUnit = headerMoneyUnit(found.header);
    if (!tableSpan) {
      issues.push({
        rule: "PARSE_TABLE_MISSING",
        severity: "warning",
        message: `${table.labelZh} (${tableCode}) was not found in section 二`,
        cells: [],
      });
    }
    for (const row of rowsOfVersion) {
      const parsed = parseRow({ table, row, columns, headerUnit, tableFound: tableSpan !== undefined }, found.rows.get(row.code));
      cells.push(...parsed.cells);
      issues.push(...parsed.issues);
    }
  }
  return { cells, issues };
}
