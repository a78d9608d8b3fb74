import type { TableCode } from "../domain/codes";
import { cellCode, type ParseIssue, type ParsedCell } from "./parsed-report";

/**
 * The template's own arithmetic (domain spec §6), checked within one report:
 *   R1 each column of section 三: NEW_RECEIVED + CARRIED_OVER_IN = R_TOTAL + CARRIED_FORWARD_OUT
 *   R2 each row of section 三: TOTAL = the six applicant columns
 *   R3 each column of section 三: R_TOTAL = the sum of the outcome rows
 *   R4 each group of section 四: TOTAL = UPHELD + CORRECTED + OTHER + PENDING
 *   R5 counts are whole and not negative (ITEMS_DELTA may be negative; amounts may have decimals)
 * A BLANK cell counts as 0 (domain spec §8 M7: the message says so when a rule then fails); a cell that is marked,
 * illegible or absent makes its rule uncheckable, which is reported once per rule and line.
 */

type Lookup = (table: TableCode, row: string, column: string) => ParsedCell | undefined;

const APPLICANT_COLUMNS = ["NATURAL_PERSON", "COMMERCIAL_ENTERPRISE", "RESEARCH_INSTITUTION", "PUBLIC_WELFARE_ORG", "LEGAL_SERVICE_ORG", "OTHER_ORG"];
const ALL_COLUMNS = [...APPLICANT_COLUMNS, "TOTAL"];
const RESULT_ROWS_BEFORE_OTHER = [
  "R_DISCLOSED", "R_PARTIAL",
  "WITHHELD_STATE_SECRET", "WITHHELD_LAW_PROHIBITED", "WITHHELD_THREE_SAFETY_ONE_STABILITY", "WITHHELD_THIRD_PARTY",
  "WITHHELD_INTERNAL_AFFAIRS", "WITHHELD_PROCESS_INFO", "WITHHELD_ENFORCEMENT_FILE", "WITHHELD_ADMIN_QUERY",
  "UNABLE_NOT_HELD", "UNABLE_NEEDS_CREATION", "UNABLE_STILL_UNCLEAR",
  "NOT_PROCESSED_PETITION", "NOT_PROCESSED_REPEAT", "NOT_PROCESSED_PUBLICATION", "NOT_PROCESSED_MASS_REPEAT",
  "NOT_PROCESSED_CONFIRM_REISSUE",
];
const OTHER_SUB_ROWS = ["OTHER_NO_CORRECTION", "OTHER_FEE_UNPAID", "OTHER_OTHER"];
const WHOLE_NUMBER_EXEMPT = new Set(["FEE_AMOUNT", "PROCUREMENT_AMOUNT"]);
const SIGN_EXEMPT = new Set(["ITEMS_DELTA"]);

/** One side of an equation: cells and how to show them. */
interface Term {
  readonly cell: ParsedCell;
  readonly value: number;
}

/** Reads the cells of an equation; null (with the reason) when one cannot be checked. */
function terms(cells: ReadonlyArray<ParsedCell | undefined>): Term[] | string {
  const out: Term[] = [];
  for (const cell of cells) {
    if (!cell) return "a cell is missing";
    if (cell.state === "BLANK") out.push({ cell, value: 0 });
    else if (cell.value === null) return `${cellCode(cell)} is ${cell.state}`;
    else out.push({ cell, value: cell.value });
  }
  return out;
}

function show(items: readonly Term[]): string {
  return items.map((term) => `${term.cell.row}.${term.cell.column} ${term.cell.state === "BLANK" ? "(blank)" : term.value}`).join(" + ");
}

/** Checks `left = right`; pushes an error when they differ, a warning when they cannot be checked. */
function checkEquation(rule: string, label: string, left: ReadonlyArray<ParsedCell | undefined>, right: ReadonlyArray<ParsedCell | undefined>, into: ParseIssue[]): void {
  const leftTerms = terms(left);
  const rightTerms = terms(right);
  const involved = [...left, ...right].filter((cell): cell is ParsedCell => cell !== undefined);
  const codes = involved.map(cellCode);
  const line = involved.find((cell) => cell.line !== null)?.line ?? undefined;
  if (typeof leftTerms === "string" || typeof rightTerms === "string") {
    const reason = typeof leftTerms === "string" ? leftTerms : rightTerms;
    into.push({ rule, severity: "warning", message: `${rule} (${label}) cannot be checked: ${reason}`, cells: codes, line });
    return;
  }
  const sum = (items: Term[]) => items.reduce((total, term) => total + term.value, 0);
  const leftSum = Math.round(sum(leftTerms) * 10000) / 10000;
  const rightSum = Math.round(sum(rightTerms) * 10000) / 10000;
  if (leftSum === rightSum) return;
  const blanks = [...leftTerms, ...rightTerms].some((term) => term.cell.state === "BLANK");
  into.push({
    rule,
    severity: "error",
    message: `${rule} (${label}): ${show(leftTerms)} = ${leftSum} but ${show(rightTerms)} = ${rightSum}${blanks ? " (blank cells counted as 0)" : ""}`,
    cells: codes,
    line,
  });
}

function checkApplications(cells: readonly ParsedCell[], find: Lookup, otherSplit: boolean, into: ParseIssue[]): void {
  if (!cells.some((cell) => cell.table === "APPLICATIONS" && cell.state !== "ABSENT")) return;
  const resultRows = [...RESULT_ROWS_BEFORE_OTHER, ...(otherSplit ? OTHER_SUB_ROWS : ["R_OTHER"])];
  for (const column of ALL_COLUMNS) {
    const at = (row: string) => find("APPLICATIONS", row, column);
    checkEquation("R1", `column ${column}`, [at("NEW_RECEIVED"), at("CARRIED_OVER_IN")], [at("R_TOTAL"), at("CARRIED_FORWARD_OUT")], into);
    checkEquation("R3", `column ${column}`, [at("R_TOTAL")], resultRows.map(at), into);
  }
  const rows = ["NEW_RECEIVED", "CARRIED_OVER_IN", ...resultRows, "R_TOTAL", "CARRIED_FORWARD_OUT"];
  for (const row of rows) {
    const at = (column: string) => find("APPLICATIONS", row, column);
    checkEquation("R2", `row ${row}`, [at("TOTAL")], APPLICANT_COLUMNS.map(at), into);
  }
}

function checkReviewLitigation(cells: readonly ParsedCell[], find: Lookup, into: ParseIssue[]): void {
  if (!cells.some((cell) => cell.table === "REVIEW_LITIGATION" && cell.state !== "ABSENT")) return;
  for (const group of ["REVIEW", "LIT_DIRECT", "LIT_AFTER_REVIEW"]) {
    const at = (column: string) => find("REVIEW_LITIGATION", group, column);
    if (!at("TOTAL")) continue;
    checkEquation("R4", `group ${group}`, [at("TOTAL")], ["UPHELD", "CORRECTED", "OTHER", "PENDING"].map(at), into);
  }
}

function checkValueRanges(cells: readonly ParsedCell[], into: ParseIssue[]): void {
  for (const cell of cells) {
    if (cell.value === null || cell.state === "DERIVED") continue;
    if (cell.value < 0 && !SIGN_EXEMPT.has(cell.column)) {
      into.push({ rule: "R5", severity: "error", message: `R5: ${cellCode(cell)} is negative (${cell.raw})`, cells: [cellCode(cell)], line: cell.line ?? undefined });
    } else if (!Number.isInteger(cell.value) && !WHOLE_NUMBER_EXEMPT.has(cell.column)) {
      into.push({ rule: "R5", severity: "error", message: `R5: ${cellCode(cell)} is not a whole number (${cell.raw})`, cells: [cellCode(cell)], line: cell.line ?? undefined });
    }
  }
}

/** Checks R1–R5 on a report's cells and returns the issues found. */
export function validateCells(cells: readonly ParsedCell[], otherSplit: boolean): ParseIssue[] {
  const byCode = new Map(cells.map((cell) => [cellCode(cell), cell]));
  const find: Lookup = (table, row, column) => byCode.get(`${table}.${row}.${column}`);
  const issues: ParseIssue[] = [];
  checkApplications(cells, find, otherSplit, issues);
  checkReviewLitigation(cells, find, issues);
  checkValueRanges(cells, issues);
  return issues;
}
