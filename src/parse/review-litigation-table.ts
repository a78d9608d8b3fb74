import { cellCode, MAX_CANDIDATES, MAX_ROW_READINGS, type CellAlternatives } from "../domain/cell";
import { REVIEW_LITIGATION_CELLS, REVIEW_LITIGATION_GROUPS, REVIEW_LITIGATION_OUTCOMES, TOTAL_COLUMN } from "../domain/template-parts";
import { cellNumber } from "../domain/cell-value";
import { isCellToken, leadingBlanks, readPiece, readToken, splitGluedRuns, uncertainReading, type CellReading } from "./cell-values";
import type { ParseIssue, ParsedCell } from "./parsed-report";
import type { Span } from "./sections";
import type { SourceText } from "./source-text";
import { tokenize, type Token } from "./tokens";

/**
 * Section 四: one row of 15 cells, 行政复议 / 未经复议直接起诉 / 复议后起诉 × 结果维持, 结果纠正, 其他结果, 尚未审结, 总计
 * (docs/tables.md). Readings, in order:
 *  1. the last run of exactly 15 values printed together (a run is values with no words between them);
 *  2. glued digits ("000000000000000") split into 15 values: the last run with 15 digits or more, or its start;
 *  3. the trailing runs that add up to 15 values, reordered (pdftotext scrambles the header and values) into the
 *     orders for which every group's total equals its parts (R4) with the fewest runs moved from the printed order;
 *     a cell on which those equally close orders disagree is UNCERTAIN;
 *  4. the last lines of values in printed order, each fitted to whole groups (docs/real-text.md M20: one group per
 *     line, a lost label's empty cell before it); a group for which R4 does not hold is UNCERTAIN.
 * Where the 15 values are printed together and R4 does not hold, they are kept and validation reports the rule.
 */
const GROUP_COUNT = REVIEW_LITIGATION_GROUPS.length;
const OUTCOME_COUNT = REVIEW_LITIGATION_OUTCOMES.length;
const TOTAL_INDEX = REVIEW_LITIGATION_OUTCOMES.indexOf(TOTAL_COLUMN);
const CELL_COUNT = REVIEW_LITIGATION_CELLS.length;
const MAX_RUNS_TO_REORDER = 7;

/** R4 on one group's five numbers in printed order: its total equals the sum of its other outcomes. */
function groupTotalHolds(outcomes: readonly number[]): boolean {
  const parts = outcomes.reduce((sum, value, index) => (index === TOTAL_INDEX ? sum : sum + value), 0);
  return parts === outcomes[TOTAL_INDEX];
}

/** R4 on the table's numbers in printed order: each group's total equals the sum of its other outcomes. */
export function reviewTotalsHold(values: readonly number[]): boolean {
  return Array.from({ length: GROUP_COUNT }, (_, group) => values.slice(group * OUTCOME_COUNT, (group + 1) * OUTCOME_COUNT)).every(groupTotalHolds);
}

/** Splits cell tokens into runs: values printed with no words between them. */
function runsOf(tokens: readonly Token[]): Token[][] {
  const runs: Token[][] = [];
  let current: Token[] = [];
  for (const token of tokens) {
    if (isCellToken(token)) current.push(token);
    else if (current.length > 0) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/** All orderings of `items` (small n only). */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

function inversions(order: readonly number[]): number {
  let count = 0;
  for (let i = 0; i < order.length; i += 1) for (let j = i + 1; j < order.length; j += 1) if (order[i] > order[j]) count += 1;
  return count;
}

interface Reading {
  readonly cells: readonly CellReading[];
  /** Positions (0–14) whose value differs between equally good readings. */
  readonly uncertain: ReadonlySet<number>;
  readonly note?: string;
  /** The table's 15 values in each equally good reading, the kept one first, when there are several. */
  readonly alternatives?: ReadonlyArray<readonly number[]>;
}

function numbersOf(cells: readonly CellReading[]): number[] {
  return cells.map((cell) => cell.value ?? 0);
}

/** Reorders trailing runs that hold exactly 15 values into the orders that satisfy R4. */
function reorderRuns(runs: readonly Token[][]): Reading | null {
  const chosen: Token[][] = [];
  let total = 0;
  for (let index = runs.length - 1; index >= 0 && total < CELL_COUNT; index -= 1) {
    chosen.unshift(runs[index]);
    total += runs[index].length;
  }
  if (total !== CELL_COUNT || chosen.length > MAX_RUNS_TO_REORDER) return null;
  const orders = permutations(chosen.map((_, index) => index));
  const valid = orders
    .map((order) => ({ order, cells: order.flatMap((index) => chosen[index]).map(readToken) }))
    .filter((candidate) => reviewTotalsHold(numbersOf(candidate.cells)));
  if (valid.length === 0) return null;
  const fewest = Math.min(...valid.map((candidate) => inversions(candidate.order)));
  const best = valid.filter((candidate) => inversions(candidate.order) === fewest);
  const uncertain = new Set<number>();
  for (let position = 0; position < CELL_COUNT; position += 1) {
    if (new Set(best.map((candidate) => candidate.cells[position].value)).size > 1) uncertain.add(position);
  }
  const note =
    uncertain.size > 0
      ? `section 四's values are printed out of order; ${best.length} orders satisfy R4 and are equally close to the printed order, so the positions of some values cannot be told apart from the text`
      : undefined;
  return { cells: best[0].cells, uncertain, note, alternatives: best.map((candidate) => numbersOf(candidate.cells)) };
}

/** Splits one glued run of digits into 15 values, keeping the readings that satisfy R4. */
function splitGlued(run: readonly Token[]): Reading | null {
  if (run.some((token) => token.kind !== "VALUE")) return null;
  const all = splitGluedRuns(
    run.map((token) => token.text),
    CELL_COUNT,
  );
  const valid = all.filter((texts) => reviewTotalsHold(texts.map(Number)));
  const chosen = valid[0] ?? all[0];
  if (!chosen) return null;
  const cells = chosen.map((text) => readPiece(text, run[0]));
  const uncertain = new Set<number>();
  if (valid.length !== 1) for (let position = 0; position < CELL_COUNT; position += 1) uncertain.add(position);
  if (valid.length === 1) return { cells, uncertain };
  const readings = (valid.length > 0 ? valid : all).map((texts) => texts.map(Number));
  return { cells, uncertain, note: "section 四 prints its values glued together and R4 does not settle how to split them", alternatives: readings };
}

/** The digits a run prints: a run with fewer than 15 cannot be the table's 15 values glued together. */
function digitCount(run: readonly Token[]): number {
  return run.reduce((count, token) => count + (token.text.match(/\d/g)?.length ?? 0), 0);
}

/**
 * A line's values, fitted to whole groups of 5: surplus empty cells at its ends are a converter's shifted cells (a
 * lost group label's cell before the values, docs/real-text.md M20). Null when the line cannot be fitted.
 */
function lineGroups(values: readonly Token[]): readonly Token[] | null {
  const surplus = values.length % OUTCOME_COUNT;
  if (surplus === 0) return values;
  if (leadingBlanks(values) >= surplus) return values.slice(surplus);
  if (leadingBlanks([...values].reverse()) >= surplus) return values.slice(0, values.length - surplus);
  return null;
}

/**
 * The last lines of values that, fitted to whole groups, hold the 15 values: the groups in the printed order (a
 * table printed one group per line, a group's label lost). The printed order settles where each value goes; a group
 * for which R4 then does not hold is not confirmed, and its cells are UNCERTAIN.
 */
function readByLines(tokens: readonly Token[]): Reading | null {
  const lines: Token[][] = [];
  for (const token of tokens.filter(isCellToken)) {
    const last = lines[lines.length - 1];
    if (last && last[0].line === token.line) last.push(token);
    else lines.push([token]);
  }
  const chosen: Token[] = [];
  for (let index = lines.length - 1; index >= 0 && chosen.length < CELL_COUNT; index -= 1) {
    const fitted = lineGroups(lines[index]);
    if (!fitted) return null;
    chosen.unshift(...fitted);
  }
  if (chosen.length !== CELL_COUNT) return null;
  const cells = chosen.map(readToken);
  const uncertain = new Set<number>();
  const broken: string[] = [];
  REVIEW_LITIGATION_GROUPS.forEach((group, index) => {
    const positions = Array.from({ length: OUTCOME_COUNT }, (_, outcome) => index * OUTCOME_COUNT + outcome);
    const values = positions.map((position) => cellNumber(cells[position]));
    if (values.every((value) => value !== null) && groupTotalHolds(values as number[])) return;
    positions.forEach((position) => uncertain.add(position));
    broken.push(group);
  });
  const note =
    broken.length > 0
      ? `section 四's values are printed on several lines and placed by the printed order alone; R4 does not hold for ${broken.join(", ")}, so that placement is not confirmed`
      : undefined;
  return { cells, uncertain, note };
}

function readReviewLitigation(tokens: readonly Token[]): Reading | null {
  const runs = runsOf(tokens);
  const exact = [...runs].reverse().find((run) => run.length === CELL_COUNT);
  if (exact) {
    const cells = exact.map(readToken);
    if (reviewTotalsHold(numbersOf(cells))) return { cells, uncertain: new Set() };
    return reorderRuns(runs.slice(runs.indexOf(exact) + 1)) ?? { cells, uncertain: new Set() };
  }
  const glued = [...runs].reverse().find((run) => digitCount(run) >= CELL_COUNT);
  return (glued && splitGluedPrefix(glued)) ?? reorderRuns(runs) ?? readByLines(tokens);
}

/**
 * The longest start of a run that splits into the 15 values: the run itself, or without the numbers printed after
 * the table with nothing between (section 五's figures, when its heading is lost).
 */
function splitGluedPrefix(run: readonly Token[]): Reading | null {
  for (let length = Math.min(run.length, CELL_COUNT - 1); length > 0 && digitCount(run.slice(0, length)) >= CELL_COUNT; length -= 1) {
    const split = splitGlued(run.slice(0, length));
    if (split) return split;
  }
  return null;
}

/**
 * What an uncertain cell carries (cell.ts, CellAlternatives): the values it takes in the equally good readings, its
 * value in each of them when they are few enough to list, and why the text cannot settle it.
 */
function cellAlternatives(readings: ReadonlyArray<readonly number[]>, position: number, note: string | undefined): CellAlternatives {
  const values = readings.map((reading) => reading[position]);
  const candidates = [...new Set(values)];
  return {
    candidates: candidates.slice(0, MAX_CANDIDATES),
    ...(readings.length <= MAX_ROW_READINGS ? { readings: values } : {}),
    uncertainty: `${note ?? "section 四 can be read several ways"}; ${readings.length} readings${candidates.length > MAX_CANDIDATES ? `, the first ${MAX_CANDIDATES} of this cell's ${candidates.length} values listed` : ""}`,
  };
}

/** Parses the section 四 table. */
export function parseReviewLitigationTable(source: SourceText, span: Span): { cells: ParsedCell[]; issues: ParseIssue[] } {
  const reading = readReviewLitigation(tokenize(source, span.start, span.end));
  const codes = REVIEW_LITIGATION_CELLS.map(cellCode);
  const cells: ParsedCell[] = REVIEW_LITIGATION_CELLS.map((address, position) => {
    const printed = reading?.cells[position];
    const cell = printed && reading.uncertain.has(position) ? uncertainReading(printed) : printed;
    return {
      ...address,
      value: cell?.value ?? null,
      state: cell?.state ?? "ABSENT",
      raw: cell?.raw ?? null,
      line: cell?.line ?? null,
      lineOffset: cell?.lineOffset ?? null,
      ...(cell?.state === "UNCERTAIN" && reading?.alternatives ? cellAlternatives(reading.alternatives, position, reading.note) : {}),
    };
  });
  const issues: ParseIssue[] = [];
  if (!reading) {
    issues.push({
      rule: "PARSE_TABLE_UNREADABLE",
      severity: "error",
      message: "section 四 does not print 15 values that can be read as the review and litigation table",
      cells: codes,
    });
  } else if (reading.note) {
    issues.push({
      rule: "PARSE_AMBIGUOUS",
      severity: "warning",
      message: reading.note,
      cells: codes.filter((_, position) => reading.uncertain.has(position)),
    });
  }
  return { cells, issues };
}
