import { REPORT_SCOPES, TEMPLATE_VERSIONS, VALUE_STATES, type ReportScope, type TableCode, type TemplateVersion, type ValueState } from "../domain/codes";
import { INDICATORS } from "../domain/indicator-catalog";
import { describeRegion } from "../domain/region-lookup";
import type { ParseIssue, ParsedCell, ParsedReport } from "../parse";
import { deriveApplicationCells } from "../parse/derive-cells";
import { validateCells } from "../parse/validate-report";

/**
 * The structured import: a report already extracted elsewhere, written as the parse output contract (README,
 * "Parsing reports"). Cells are checked against the indicator catalog; derived cells and the R1–R5 issues are
 * recomputed here, never taken on trust; other issues the producer listed are kept.
 */
export class StructuredReportError extends Error {
  constructor(readonly path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = "StructuredReportError";
  }
}

const KNOWN_CELLS = new Set(INDICATORS.filter((indicator) => !indicator.derived).map((indicator) => indicator.code));
const ARITHMETIC_RULES = new Set(["R1", "R2", "R3", "R4", "R5"]);
/** The largest line number the line column (a 32-bit integer) holds. */
const MAX_LINE = 2_147_483_647;

function field<T>(object: Record<string, unknown>, key: string, path: string, check: (value: unknown) => value is T, expected: string): T {
  const value = object[key];
  if (!check(value)) throw new StructuredReportError(`${path}.${key}`, `must be ${expected}, got ${JSON.stringify(value)?.slice(0, 60)}`);
  return value;
}

const isString = (value: unknown): value is string => typeof value === "string";
const isNullableString = (value: unknown): value is string | null | undefined => value === undefined || value === null || typeof value === "string";
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function readCell(raw: unknown, path: string): ParsedCell {
  if (!isObject(raw)) throw new StructuredReportError(path, "must be an object");
  const table = field(raw, "table", path, isString, "a table code");
  const row = field(raw, "row", path, isString, "a row code");
  const column = field(raw, "column", path, isString, "a column code");
  if (!KNOWN_CELLS.has(`${table}.${row}.${column}`)) throw new StructuredReportError(path, `${table}.${row}.${column} is not a printed cell of the template`);
  const state = (raw.state ?? (raw.value === null ? "BLANK" : "VALUE")) as ValueState;
  if (!(VALUE_STATES as readonly string[]).includes(state) || state === "DERIVED") throw new StructuredReportError(`${path}.state`, `must be one of ${VALUE_STATES.filter((s) => s !== "DERIVED").join(", ")}`);
  const value = raw.value ?? null;
  // A number too large for a cell (JSON's 1e400 reads as Infinity) is not refused here: like a printed one, it is
  // kept as an ILLEGIBLE cell with an issue naming it (value-range.ts), and the rest of the report is stored.
  if (value !== null && typeof value !== "number") throw new StructuredReportError(`${path}.value`, "must be a number or null");
  if ((state === "VALUE" || state === "UNCERTAIN") && value === null) throw new StructuredReportError(`${path}.value`, `must be a number when the state is ${state}`);
  if (state !== "VALUE" && state !== "UNCERTAIN" && value !== null) throw new StructuredReportError(`${path}.value`, `must be null when the state is ${state}`);
  const line = raw.line ?? null;
  if (line !== null && (typeof line !== "number" || !Number.isInteger(line) || line < 1 || line > MAX_LINE)) throw new StructuredReportError(`${path}.line`, `must be a whole number from 1 to ${MAX_LINE}, or null`);
  return { table: table as TableCode, row, column, value, state, raw: field(raw, "raw", path, isNullableString, "a string or null") ?? (value === null ? null : String(value)), line };
}

function readIssue(raw: unknown, path: string): ParseIssue {
  if (!isObject(raw)) throw new StructuredReportError(path, "must be an object");
  const severity = field(raw, "severity", path, (value): value is "error" | "warning" | "info" => value === "error" || value === "warning" || value === "info", "error, warning or info");
  const cells = raw.cells ?? [];
  if (!Array.isArray(cells) || cells.some((cell) => typeof cell !== "string")) throw new StructuredReportError(`${path}.cells`, "must be a list of cell codes");
  return { rule: field(raw, "rule", path, isString, "a rule id"), severity, message: field(raw, "message", path, isString, "a message"), cells: cells as string[] };
}

/** Reads a structured report from JSON text; throws StructuredReportError naming the offending path. */
export function readStructuredReport(json: string): ParsedReport {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new StructuredReportError("$", `is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(raw)) throw new StructuredReportError("$", "must be a JSON object");
  const templateVersion = field(raw, "templateVersion", "$", (value): value is TemplateVersion => (TEMPLATE_VERSIONS as readonly unknown[]).includes(value), TEMPLATE_VERSIONS.join(" | "));
  const year = field(raw, "year", "$", (value): value is number => Number.isInteger(value) && (value as number) >= 2000 && (value as number) <= 2100, "a year between 2000 and 2100");
  const scope = (raw.scope ?? "AGENCY") as ReportScope;
  if (!(REPORT_SCOPES as readonly string[]).includes(scope)) throw new StructuredReportError("$.scope", `must be one of ${REPORT_SCOPES.join(", ")}`);
  const regionCode = isObject(raw.region) && typeof raw.region.code === "string" ? raw.region.code : null;
  if (regionCode !== null && !describeRegion(regionCode)) throw new StructuredReportError("$.region.code", `${regionCode} is not a region code in the national table`);
  const rawCells = field(raw, "cells", "$", Array.isArray, "a list of cells") as unknown[];
  const printed = rawCells.map((cell, index) => readCell(cell, `$.cells[${index}]`)).filter((cell) => cell.state !== "DERIVED");
  const codes = new Set<string>();
  for (const [index, cell] of printed.entries()) {
    const code = `${cell.table}.${cell.row}.${cell.column}`;
    if (codes.has(code)) throw new StructuredReportError(`$.cells[${index}]`, `${code} appears twice`);
    codes.add(code);
  }
  const rawIssues = raw.issues ?? [];
  if (!Array.isArray(rawIssues)) throw new StructuredReportError("$.issues", "must be a list");
  const kept = rawIssues.map((issue, index) => readIssue(issue, `$.issues[${index}]`)).filter((issue) => !ARITHMETIC_RULES.has(issue.rule));
  const sections = isObject(raw.sections) ? raw.sections : {};
  const text = (key: string) => (typeof sections[key] === "string" ? (sections[key] as string) : undefined);
  const otherSplit = printed.some((cell) => cell.row === "OTHER_NO_CORRECTION");
  return {
    templateVersion,
    agencyName: field(raw, "agencyName", "$", isNullableString, "a string or null") ?? null,
    year,
    scope,
    region: regionCode ? describeRegion(regionCode) : null,
    title: field(raw, "title", "$", isNullableString, "a string or null") ?? null,
    sections: { S1_OVERVIEW: text("S1_OVERVIEW"), S5_PROBLEMS: text("S5_PROBLEMS"), S6_OTHER: text("S6_OTHER") },
    cells: [...printed, ...deriveApplicationCells(printed)],
    issues: [...kept, ...validateCells(printed, otherSplit)],
  };
}
