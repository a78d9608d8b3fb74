import { cellCode, formatCellCode } from "../domain/cell";
import { cellNumber } from "../domain/cell-value";
import type { CellKind, TableCode } from "../domain/codes";
import { TEMPLATE_TABLES } from "../domain/template-catalog";
import {
  APPLICANT_TYPE_COLUMNS,
  APPLICATIONS_BALANCE,
  APPLICATIONS_PRINTED_COLUMNS,
  REVIEW_LITIGATION_GROUPS,
  REVIEW_LITIGATION_PARTS,
  RESULTS_TOTAL_ROW,
  TOTAL_COLUMN,
  outcomeRows,
} from "../domain/template-parts";
import type { ParseIssue, ParsedCell } from "./parsed-report";

/**
 * The template's own arithmetic (docs/rules.md), checked within one report:
 *   R1 each column of section 三: NEW_RECEIVED + CARRIED_OVER_IN = R_TOTAL + CARRIED_FORWARD_OUT
 *   R2 each row of section 三: TOTAL = the six applicant columns
 *   R3 each column of section 三: R_TOTAL = the sum of the outcome rows
 *   R4 each group of section 四: TOTAL = UPHELD + CORRECTED + OTHER + PENDING
 *   R5 counts are whole and not negative (ITEMS_DELTA may be negative; amounts may have decimals)
 * The rows, columns and groups come from the template catalog. A BLANK cell counts as 0 (`cellNumber`,
 * docs/real-text.md M7: the message says so when a rule then fails); a cell that is marked, illegible or absent makes its
 * rule uncheckable, which is reported once per rule and line.
 */

type Lookup = (table: TableCode, row: string, column: string) => ParsedCell | undefined;

/** Cell kinds that may be negative (a change in items), and that may have decimals (money). */
const SIGNED_KINDS: ReadonlySet<CellKind> = new Set(["SIGNED_DELTA"]);
const FRACTIONAL_KINDS: ReadonlySet<CellKind> = new Set(["AMOUNT_WAN_YUAN", "AMOUNT_RAW_UNIT"]);

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
    const value = cellNumber(cell);
    if (value === null) return `${cellCode(cell)} is ${cell.state}`;
    out.push({ cell, value });
  }
  return out;
}

function show(items: readonly Term[]): string {
  return items.map((term) => `${term.cell.row}.${term.cell.column} ${term.cell.state === "BLANK" ? "(blank)" : term.value}`).join(" + ");
}

/** Checks `left = right`; pushes an error when they differ, a warning when they cannot be checked. */
function checkEquation(
  rule: string,
  label: string,
  left: ReadonlyArray<ParsedCell | undefined>,
  right: ReadonlyArray<ParsedCell | undefined>,
  into: ParseIssue[],
): void {
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
  const resultRows = outcomeRows(otherSplit);
  for (const column of APPLICATIONS_PRINTED_COLUMNS) {
    const at = (row: string) => find("APPLICATIONS", row, column);
    checkEquation("R1", `column ${column}`, APPLICATIONS_BALANCE.incoming.map(at), APPLICATIONS_BALANCE.outgoing.map(at), into);
    checkEquation("R3", `column ${column}`, [at(RESULTS_TOTAL_ROW)], resultRows.map(at), into);
  }
  for (const row of [...APPLICATIONS_BALANCE.incoming, ...resultRows, ...APPLICATIONS_BALANCE.outgoing]) {
    const at = (column: string) => find("APPLICATIONS", row, column);
    checkEquation("R2", `row ${row}`, [at(TOTAL_COLUMN)], APPLICANT_TYPE_COLUMNS.map(at), into);
  }
}

function checkReviewLitigation(cells: readonly ParsedCell[], find: Lookup, into: ParseIssue[]): void {
  if (!cells.some((cell) => cell.table === "REVIEW_LITIGATION" && cell.state !== "ABSENT")) return;
  for (const group of REVIEW_LITIGATION_GROUPS) {
    const at = (column: string) => find("REVIEW_LITIGATION", group, column);
    if (!at(TOTAL_COLUMN)) continue;
    checkEquation("R4", `group ${group}`, [at(TOTAL_COLUMN)], REVIEW_LITIGATION_PARTS.map(at), into);
  }
}

/** The kind of value a cell holds; COUNT for a cell outside the catalog (the strictest reading). */
function kindOf(cell: ParsedCell): CellKind {
  return TEMPLATE_TABLES.find((table) => table.code === cell.table)?.cellKind(cell.row, cell.column) ?? "COUNT";
}

function checkValueRanges(cells: readonly ParsedCell[], into: ParseIssue[]): void {
  for (const cell of cells) {
    if (cell.value === null || cell.state === "DERIVED") continue;
    const kind = kindOf(cell);
    if (cell.value < 0 && !SIGNED_KINDS.has(kind)) {
      into.push({
        rule: "R5",
        severity: "error",
        message: `R5: ${cellCode(cell)} is negative (${cell.raw})`,
        cells: [cellCode(cell)],
        line: cell.line ?? undefined,
      });
    } else if (!Number.isInteger(cell.value) && !FRACTIONAL_KINDS.has(kind)) {
      into.push({
        rule: "R5",
        severity: "error",
        message: `R5: ${cellCode(cell)} is not a whole number (${cell.raw})`,
        cells: [cellCode(cell)],
        line: cell.line ?? undefined,
      });
    }
  }
}

/** The rules `validateCells` checks: a reader that changes a report's cells drops their issues and checks again. */
export const ARITHMETIC_RULES: ReadonlySet<string> = new Set(["R1", "R2", "R3", "R4", "R5"]);

/** Checks R1–R5 on a report's cells and returns the issues found. */
export function validateCells(cells: readonly ParsedCell[], otherSplit: boolean): ParseIssue[] {
  const byCode = new Map(cells.map((cell) => [cellCode(cell), cell]));
  const find: Lookup = (table, row, column) => byCode.get(formatCellCode(table, row, column));
  const issues: ParseIssue[] = [];
  checkApplications(cells, find, otherSplit, issues);
  checkReviewLitigation(cells, find, issues);
  checkValueRanges(cells, issues);
  return issues;
}
