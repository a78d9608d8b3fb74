import { formatCellCode, MAX_CANDIDATES, MAX_ROW_READINGS, NOTE_MAX_LENGTH, type CellAddress, type CellAlternatives } from "../domain/cell";
import { REPORT_SCOPES, TEMPLATE_VERSIONS, VALUE_STATES, type ReportScope, type TableCode, type TemplateVersion, type ValueState } from "../domain/codes";
import { INDICATORS } from "../domain/indicator-catalog";
import { describeRegion } from "../domain/region-lookup";
import { isOtherSplit } from "../domain/template-parts";
import { deriveApplicationCells } from "./derive-cells";
import type { ParseIssue, ParsedCell, ParsedReport } from "./parsed-report";
import { ARITHMETIC_RULES, validateCells } from "./validate-report";

/**
 * The structured import: a report already extracted elsewhere, written as the parse output contract (README,
 * "Parsing reports"). Cells are checked against the indicator catalog; derived cells and the R1–R5 issues are
 * recomputed here, never taken on trust; other issues the producer listed are kept. What is wrong is answered with
 * located problems (a JSON path such as `$.cells[12].value` and what is wrong there), never thrown.
 */

/** One thing wrong with a structured report: where (a JSON path from `$`) and what. */
export interface StructuredProblem {
  readonly path: string;
  readonly message: string;
}

/** The structured reader's answer: the report, or every problem found (at most one per cell or issue). */
export type StructuredReadResult =
  { readonly kind: "report"; readonly report: ParsedReport } | { readonly kind: "invalid"; readonly problems: readonly StructuredProblem[] };

/** A problem that ends the reading of one part (the whole object, one cell, one issue); caught in this file only. */
class PartProblem extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

const KNOWN_CELLS = new Set(INDICATORS.filter((indicator) => !indicator.derived).map((indicator) => indicator.code));
/** The largest line number the line column (a 32-bit integer) holds. */
const MAX_LINE = 2_147_483_647;
/** The states a document can give a cell: not DERIVED (computed here) nor CORRECTED (a person's, entered here). */
const PRINTED_STATES = VALUE_STATES.filter((state) => state !== "DERIVED" && state !== "CORRECTED");

/** A value for a message: a short JSON text for a scalar, its kind for a list or an object (never walked: it may be deep). */
function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object" && value !== null) return "an object";
  return String(JSON.stringify(value)).slice(0, 60);
}

function field<T>(object: Record<string, unknown>, key: string, path: string, check: (value: unknown) => value is T, expected: string): T {
  const value = object[key];
  if (!check(value)) throw new PartProblem(`${path}.${key}`, `must be ${expected}, got ${describeValue(value)}`);
  return value;
}

const isString = (value: unknown): value is string => typeof value === "string";
const isNullableString = (value: unknown): value is string | null | undefined => value === undefined || value === null || typeof value === "string";
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isYear = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 2000 && (value as number) <= 2100;
const isTemplate = (value: unknown): value is TemplateVersion => (TEMPLATE_VERSIONS as readonly unknown[]).includes(value);

/** Checks a cell's value against its state; the number itself may be out of range (value-range.ts keeps it ILLEGIBLE). */
function checkValue(value: unknown, state: ValueState, path: string): number | null {
  if (value !== null && typeof value !== "number") throw new PartProblem(`${path}.value`, "must be a number or null");
  if ((state === "VALUE" || state === "UNCERTAIN") && value === null) throw new PartProblem(`${path}.value`, `must be a number when the state is ${state}`);
  if (state !== "VALUE" && state !== "UNCERTAIN" && value !== null) throw new PartProblem(`${path}.value`, `must be null when the state is ${state}`);
  return value;
}

/** A list of 1 to `most` finite numbers at `path`, or the problem with it (naming the first element that is not one). */
function numberList(value: unknown, path: string, most: number): number[] {
  if (!Array.isArray(value)) throw new PartProblem(path, `must be a list of numbers, got ${describeValue(value)}`);
  if (value.length === 0 || value.length > most) throw new PartProblem(path, `must list from 1 to ${most} numbers, got ${value.length}`);
  const wrong = value.findIndex((item) => typeof item !== "number" || !Number.isFinite(item));
  if (wrong >= 0) throw new PartProblem(`${path}[${wrong}]`, `must be a number, got ${describeValue(value[wrong])}`);
  return value as number[];
}

const ALTERNATIVE_KEYS = ["candidates", "readings", "uncertainty"] as const;

/**
 * The problem with `value` as a value of the cell at `address` (R5, docs/rules.md: whole and not negative, as the
 * cell's kind allows), or null. A candidate or a reading may become the cell's value, so it must keep the rule the
 * value keeps: ingest stores a chosen reading as it stands.
 */
function r5Problem(address: CellAddress, value: number): string | null {
  const [broken] = validateCells([{ ...address, value, state: "VALUE", raw: String(value), line: null }], false).filter((issue) => issue.rule === "R5");
  return broken ? `must keep R5: ${broken.message.replace(/^R5: /, "")}` : null;
}

/** Checks each value of a candidate or reading list against R5, naming the first that breaks it by its JSON path. */
function checkEachValue(values: readonly number[], address: CellAddress, path: string): void {
  for (const [index, value] of values.entries()) {
    const problem = r5Problem(address, value);
    if (problem) throw new PartProblem(`${path}[${index}]`, problem);
  }
}

/**
 * A cell's alternatives (cell.ts, CellAlternatives), checked: only on an UNCERTAIN cell; candidates distinct and
 * holding the cell's value; readings only with candidates, the cell's value first (the most plausible reading is
 * the one kept), each a candidate (unless the candidates are the MAX_CANDIDATES most plausible of more values); every
 * candidate and reading a value the cell may hold (R5). `decidedBy` is not read: only ingest decides, from the
 * evidence it stores.
 */
function readAlternatives(raw: Record<string, unknown>, address: CellAddress, state: ValueState, value: number | null, path: string): CellAlternatives {
  const given = ALTERNATIVE_KEYS.filter((key) => raw[key] !== undefined && raw[key] !== null);
  if (given.length === 0) return {};
  if (state !== "UNCERTAIN") throw new PartProblem(`${path}.${given[0]}`, `is only for an UNCERTAIN cell, and the state is ${state}`);
  const uncertainty = field(raw, "uncertainty", path, isNullableString, "a string or null") ?? undefined;
  if (uncertainty !== undefined && uncertainty.length > NOTE_MAX_LENGTH)
    throw new PartProblem(`${path}.uncertainty`, `must be at most ${NOTE_MAX_LENGTH} characters, got ${uncertainty.length}`);
  if (!given.includes("candidates")) {
    if (given.includes("readings")) throw new PartProblem(`${path}.candidates`, "must be given with readings");
    return { uncertainty };
  }
  const candidates = numberList(raw.candidates, `${path}.candidates`, MAX_CANDIDATES);
  if (new Set(candidates).size !== candidates.length) throw new PartProblem(`${path}.candidates`, "must not list a value twice");
  if (!candidates.includes(value!)) throw new PartProblem(`${path}.candidates`, `must include the cell's value ${value}`);
  checkEachValue(candidates, address, `${path}.candidates`);
  if (!given.includes("readings")) return { candidates, uncertainty };
  const readings = numberList(raw.readings, `${path}.readings`, MAX_ROW_READINGS);
  if (readings[0] !== value) throw new PartProblem(`${path}.readings[0]`, `must be the cell's value ${value} (the reading kept), got ${readings[0]}`);
  checkEachValue(readings, address, `${path}.readings`);
  const stray = candidates.length < MAX_CANDIDATES ? readings.findIndex((reading) => !candidates.includes(reading)) : -1;
  if (stray >= 0) throw new PartProblem(`${path}.readings[${stray}]`, `must be one of the candidates, got ${readings[stray]}`);
  return { candidates, readings, uncertainty };
}

function readCell(raw: unknown, path: string): ParsedCell {
  if (!isObject(raw)) throw new PartProblem(path, "must be an object");
  const table = field(raw, "table", path, isString, "a table code") as TableCode;
  const row = field(raw, "row", path, isString, "a row code");
  const column = field(raw, "column", path, isString, "a column code");
  const code = formatCellCode(table, row, column);
  if (!KNOWN_CELLS.has(code)) throw new PartProblem(path, `${code} is not a printed cell of the template`);
  const state = (raw.state ?? (raw.value === null ? "BLANK" : "VALUE")) as ValueState;
  if (!(PRINTED_STATES as readonly unknown[]).includes(state)) throw new PartProblem(`${path}.state`, `must be one of ${PRINTED_STATES.join(", ")}`);
  const value = checkValue(raw.value ?? null, state, path);
  const line = raw.line ?? null;
  if (line !== null && (typeof line !== "number" || !Number.isInteger(line) || line < 1 || line > MAX_LINE))
    throw new PartProblem(`${path}.line`, `must be a whole number from 1 to ${MAX_LINE}, or null`);
  const printed = field(raw, "raw", path, isNullableString, "a string or null") ?? (value === null ? null : String(value));
  return { table, row, column, value, state, raw: printed, line, ...readAlternatives(raw, { table, row, column }, state, value, path) };
}

function readIssue(raw: unknown, path: string): ParseIssue {
  if (!isObject(raw)) throw new PartProblem(path, "must be an object");
  const severity = field(
    raw,
    "severity",
    path,
    (value): value is "error" | "warning" | "info" => value === "error" || value === "warning" || value === "info",
    "error, warning or info",
  );
  const cells = raw.cells ?? [];
  if (!Array.isArray(cells) || cells.some((cell) => typeof cell !== "string")) throw new PartProblem(`${path}.cells`, "must be a list of cell codes");
  return {
    rule: field(raw, "rule", path, isString, "a rule id"),
    severity,
    message: field(raw, "message", path, isString, "a message"),
    cells: cells as string[],
  };
}

/** Reads each element of a list with `read`, gathering one problem per element that is wrong. */
function readEach<T>(list: readonly unknown[], path: string, read: (raw: unknown, path: string) => T, problems: StructuredProblem[]): T[] {
  const items: T[] = [];
  for (const [index, raw] of list.entries()) {
    try {
      items.push(read(raw, `${path}[${index}]`));
    } catch (error) {
      if (!(error instanceof PartProblem)) throw error;
      problems.push({ path: error.path, message: error.problem });
    }
  }
  return items;
}

/** Runs one check of the report's top level, gathering its problem instead of stopping. */
function attempt<T>(problems: StructuredProblem[], check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof PartProblem)) throw error;
    problems.push({ path: error.path, message: error.problem });
    return undefined;
  }
}

/** The problems of cells printed twice, each at the second place the cell appears. */
function duplicateProblems(rawCells: readonly unknown[]): StructuredProblem[] {
  const seen = new Set<string>();
  const problems: StructuredProblem[] = [];
  for (const [index, raw] of rawCells.entries()) {
    if (!isObject(raw) || typeof raw.table !== "string" || typeof raw.row !== "string" || typeof raw.column !== "string") continue;
    const code = formatCellCode(raw.table as TableCode, raw.row, raw.column);
    if (seen.has(code)) problems.push({ path: `$.cells[${index}]`, message: `${code} appears twice` });
    seen.add(code);
  }
  return problems;
}

/**
 * The problems of rows whose cells list different numbers of readings (a reading is one per cell of the row), each at
 * the cell that disagrees with the row's first cell listing readings.
 */
function readingCountProblems(rawCells: readonly unknown[]): StructuredProblem[] {
  const firstOfRow = new Map<string, { code: string; count: number }>();
  const problems: StructuredProblem[] = [];
  for (const [index, raw] of rawCells.entries()) {
    if (!isObject(raw) || !Array.isArray(raw.readings) || typeof raw.table !== "string" || typeof raw.row !== "string") continue;
    const code = formatCellCode(raw.table as TableCode, raw.row, String(raw.column));
    const first = firstOfRow.get(`${raw.table}.${raw.row}`);
    if (!first) firstOfRow.set(`${raw.table}.${raw.row}`, { code, count: raw.readings.length });
    else if (first.count !== raw.readings.length)
      problems.push({
        path: `$.cells[${index}].readings`,
        message: `lists ${raw.readings.length} readings but ${first.code} lists ${first.count}: the cells of a row list one value per reading of the row`,
      });
  }
  return problems;
}

function readScope(raw: Record<string, unknown>): ReportScope {
  const scope = (raw.scope ?? "AGENCY") as ReportScope;
  if (!(REPORT_SCOPES as readonly string[]).includes(scope)) throw new PartProblem("$.scope", `must be one of ${REPORT_SCOPES.join(", ")}`);
  return scope;
}

function readRegionCode(raw: Record<string, unknown>): string | null {
  const regionCode = isObject(raw.region) && typeof raw.region.code === "string" ? raw.region.code : null;
  if (regionCode !== null && !describeRegion(regionCode)) throw new PartProblem("$.region.code", `${regionCode} is not a region code in the national table`);
  return regionCode;
}

function readList(raw: Record<string, unknown>, key: "cells" | "issues", required: boolean): unknown[] {
  const list = raw[key] ?? (required ? undefined : []);
  if (!Array.isArray(list)) throw new PartProblem(`$.${key}`, required ? `must be a list of cells, got ${describeValue(list)}` : "must be a list");
  return list;
}

/** The report from the checked parts: derived cells and R1–R5 recomputed, the producer's other issues kept. */
function assemble(
  raw: Record<string, unknown>,
  parts: {
    templateVersion: TemplateVersion;
    year: number;
    scope: ReportScope;
    regionCode: string | null;
    agencyName: string | null;
    title: string | null;
    cells: ParsedCell[];
    issues: ParseIssue[];
  },
): ParsedReport {
  const sections = isObject(raw.sections) ? raw.sections : {};
  const text = (key: string) => (typeof sections[key] === "string" ? (sections[key] as string) : undefined);
  const printed = parts.cells;
  const otherSplit = isOtherSplit(printed.map((cell) => cell.row));
  return {
    templateVersion: parts.templateVersion,
    agencyName: parts.agencyName,
    year: parts.year,
    scope: parts.scope,
    region: parts.regionCode ? describeRegion(parts.regionCode) : null,
    title: parts.title,
    sections: { S1_OVERVIEW: text("S1_OVERVIEW"), S5_PROBLEMS: text("S5_PROBLEMS"), S6_OTHER: text("S6_OTHER") },
    cells: [...printed, ...deriveApplicationCells(printed)],
    issues: [...parts.issues.filter((issue) => !ARITHMETIC_RULES.has(issue.rule)), ...validateCells(printed, otherSplit)],
  };
}

/**
 * Reads a structured report from JSON text. Never throws for what the text holds: the answer is the report, or
 * every problem found, each at its JSON path (`$`, `$.year`, `$.cells[3].value`…), in the order of the document.
 */
export function readStructuredReport(json: string): StructuredReadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { kind: "invalid", problems: [{ path: "$", message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  if (!isObject(raw)) return { kind: "invalid", problems: [{ path: "$", message: "must be a JSON object" }] };
  const top = raw;
  const problems: StructuredProblem[] = [];
  const templateVersion = attempt(problems, () => field(top, "templateVersion", "$", isTemplate, TEMPLATE_VERSIONS.join(" | ")));
  const year = attempt(problems, () => field(top, "year", "$", isYear, "a year between 2000 and 2100"));
  const scope = attempt(problems, () => readScope(top));
  const regionCode = attempt(problems, () => readRegionCode(top));
  const agencyName = attempt(problems, () => field(top, "agencyName", "$", isNullableString, "a string or null") ?? null);
  const title = attempt(problems, () => field(top, "title", "$", isNullableString, "a string or null") ?? null);
  const rawCells = attempt(problems, () => readList(top, "cells", true)) ?? [];
  const cells = readEach(rawCells, "$.cells", readCell, problems);
  problems.push(...duplicateProblems(rawCells), ...readingCountProblems(rawCells));
  const issues = readEach(attempt(problems, () => readList(top, "issues", false)) ?? [], "$.issues", readIssue, problems);
  if (problems.length > 0 || templateVersion === undefined || year === undefined || scope === undefined || regionCode === undefined) {
    return { kind: "invalid", problems };
  }
  return {
    kind: "report",
    report: assemble(top, { templateVersion, year, scope, regionCode, agencyName: agencyName ?? null, title: title ?? null, cells, issues }),
  };
}

/** How many problems `describeStructuredProblems` lists before it only counts the rest. */
const LISTED_PROBLEMS = 10;

/** The problems in one line for a person: `$.cells[0]: … ; $.year: …`, the first ten, then how many more. */
export function describeStructuredProblems(problems: readonly StructuredProblem[]): string {
  const listed = problems.slice(0, LISTED_PROBLEMS).map((problem) => `${problem.path}: ${problem.message}`);
  const more = problems.length > LISTED_PROBLEMS ? `; and ${problems.length - LISTED_PROBLEMS} more` : "";
  return `${listed.join("; ")}${more}`;
}
