import type { ValueState } from "../domain/codes";
import { gluedMoneyUnit, TEMPLATE_MONEY_UNIT, toTemplateMoney, type MoneyUnit } from "../domain/units";
import type { ParseIssue } from "./parsed-report";
import { UNDECODABLE_CELL } from "./source-text";
import type { Token } from "./tokens";

/** A cell's reading: number, state and printed text. */
export interface CellReading {
  readonly value: number | null;
  readonly state: ValueState;
  readonly raw: string;
  readonly line: number;
  readonly lineOffset: number;
}

/**
 * Reads a cell token: a number (its unit dropped, kept in `raw`; `readMoney` then settles a money cell's unit), a
 * not-applicable mark, or a blank. A cell whose bytes could not be decoded (UNDECODABLE_CELL) is ILLEGIBLE, with
 * U+FFFD as its printed text.
 */
export function readToken(token: Token): CellReading {
  const at = { line: token.line, lineOffset: token.lineOffset };
  if (token.kind === "NA" && token.text === UNDECODABLE_CELL) return { value: null, state: "ILLEGIBLE", raw: "\uFFFD", ...at };
  if (token.kind === "NA") return { value: null, state: "NA_MARK", raw: token.text, ...at };
  if (token.kind === "BLANK") return { value: null, state: "BLANK", raw: "", ...at };
  const number = Number(token.text.replace(/(?:万元|元)$/, ""));
  if (!Number.isFinite(number)) return { value: null, state: "ILLEGIBLE", raw: token.text, ...at };
  return { value: number, state: "VALUE", raw: token.text, ...at };
}

/** The rule of the info issue recording a money cell converted from 元 to the template's unit. */
export const PARSE_UNIT_CONVERTED = "PARSE_UNIT_CONVERTED";

/** A money cell's reading in the template's unit, and the issue saying how its unit was settled, if any. */
export interface MoneyReading {
  readonly reading: CellReading;
  readonly issue: ParseIssue | null;
}

/**
 * Puts a money cell's reading in the template's unit, 万元 (docs/real-text.md M12). The unit is the one glued to the
 * number, else the one the table header states. An amount in 元 is converted exactly (units.ts), its printed text
 * stays in `raw`, and a PARSE_UNIT_CONVERTED info issue names the cell, the line and the factor. A non-zero amount
 * whose unit neither states is not guessed: it is kept as printed, UNCERTAIN, with a PARSE_AMBIGUOUS warning. Zero,
 * blanks and marks need no unit and are returned unchanged.
 */
export function readMoney(reading: CellReading, headerUnit: MoneyUnit | null, code: string): MoneyReading {
  if (reading.value === null || reading.value === 0 || (reading.state !== "VALUE" && reading.state !== "UNCERTAIN")) return { reading, issue: null };
  const glued = gluedMoneyUnit(reading.raw);
  const unit = glued ?? headerUnit;
  const at = { cells: [code], line: reading.line };
  if (unit === null) {
    const message = `${code} prints ${reading.raw} at line ${reading.line} with no unit, and the table header states none: 元 or ${TEMPLATE_MONEY_UNIT} cannot be told apart, so the amount is kept as printed`;
    return { reading: { ...reading, state: "UNCERTAIN" }, issue: { rule: "PARSE_AMBIGUOUS", severity: "warning", message, ...at } };
  }
  if (unit === TEMPLATE_MONEY_UNIT) return { reading, issue: null };
  const converted = toTemplateMoney(reading.raw.replace(/(?:万元|元)$/, ""), unit);
  const where = glued ? "in the cell" : "in the table header";
  const message = `${code} is printed in ${unit} ("${reading.raw}", the unit ${where}) at line ${reading.line}; stored in ${TEMPLATE_MONEY_UNIT} as ${converted.stored} (${converted.exact} exactly, × ${converted.factor})`;
  return { reading: { ...reading, value: converted.value }, issue: { rule: PARSE_UNIT_CONVERTED, severity: "info", message, ...at } };
}

/**
 * A reading the text does not settle (its split or its place), as an UNCERTAIN cell: a number keeps its value; an
 * empty cell counts as 0 as every blank does (docs/rules.md), so it is UNCERTAIN at 0. A mark or an unreadable cell
 * keeps its state: it holds no number to doubt.
 */
export function uncertainReading(reading: CellReading): CellReading {
  if (reading.state === "VALUE") return { ...reading, state: "UNCERTAIN" };
  if (reading.state === "BLANK") return { ...reading, state: "UNCERTAIN", value: 0 };
  return reading;
}

/** Reads one piece of a glued run: it shares the run's position. */
export function readPiece(text: string, run: Token): CellReading {
  return readToken({ ...run, kind: "VALUE", text });
}

/** Whether a token fills a cell (a number, a not-applicable mark or a blank). */
export function isCellToken(token: Token): boolean {
  return token.kind !== "WORD";
}

/**
 * A row's value tokens, fitted to `count` cells: a pipe or HTML row may carry empty label cells (merged in the
 * printed table) before its values, so surplus leading blanks are dropped.
 */
export function alignToCount(tokens: readonly Token[], count: number): readonly Token[] {
  let start = 0;
  while (tokens.length - start > count && tokens[start].kind === "BLANK") start += 1;
  return start === 0 ? tokens : tokens.slice(start);
}

/** How many BLANK tokens a sequence starts with (all of them when it is only blanks). */
export function leadingBlanks(tokens: readonly Token[]): number {
  const first = tokens.findIndex((token) => token.kind !== "BLANK");
  return first < 0 ? tokens.length : first;
}

const MAX_SPLIT_DIGITS = 40;
/** How many partial readings the enumeration may visit; past it the runs are too ambiguous to read. */
const MAX_SPLIT_STEPS = 20_000;

class TooAmbiguous extends Error {}

/**
 * Every way to read glued runs of digits ("230", "000023") as exactly `count` numbers, keeping each run's
 * boundaries (docs/real-text.md M6). A number has no leading zero unless it is "0"; a decimal part or unit stays with
 * the last number of its run. Returns [] when the runs cannot make `count` numbers or allow too many readings to
 * enumerate (a bounded search: no input makes it slow).
 */
export function splitGluedRuns(runs: readonly string[], count: number): string[][] {
  const parsed = runs.map((run) => /^(\d+)((?:\.\d+)?(?:万元|元)?)$/.exec(run));
  if (parsed.some((match) => !match) || count < runs.length) return [];
  const digits = parsed.map((match) => match![1]);
  const suffixes = parsed.map((match) => match![2]);
  if (digits.join("").length > MAX_SPLIT_DIGITS || digits.join("").length < count) return [];
  const results: string[][] = [];
  let steps = 0;
  // Reads run `index` from character `at` on, with `left` numbers still to make.
  const walk = (index: number, at: number, left: number, prefix: string[]): void => {
    steps += 1;
    if (steps > MAX_SPLIT_STEPS) throw new TooAmbiguous();
    const run = digits[index];
    if (at === run.length) {
      if (index + 1 === runs.length) {
        if (left === 0) results.push(prefix);
      } else walk(index + 1, 0, left, prefix);
      return;
    }
    const runsAfter = runs.length - index - 1;
    if (left <= runsAfter) return;
    const longest = run[at] === "0" ? 1 : run.length - at;
    for (let length = 1; length <= longest; length += 1) {
      const end = at + length;
      const piece = run.slice(at, end) + (end === run.length ? suffixes[index] : "");
      walk(index, end, left - 1, [...prefix, piece]);
    }
  };
  try {
    walk(0, 0, count, []);
  } catch (error) {
    if (error instanceof TooAmbiguous) return [];
    throw error;
  }
  return results;
}
