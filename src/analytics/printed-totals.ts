import { formatCellCode } from "../domain/cell";
import type { TableCode } from "../domain/codes";
import { REVIEW_LITIGATION_GROUPS, REVIEW_LITIGATION_PARTS, TOTAL_COLUMN } from "../domain/template-parts";

/**
 * Printed totals and the components they add up to, by the rule that checks them, and the SQL that reads an
 * analytic value's quality from the stored cells and validation issues. Analytics use a total as printed unless
 * asked (`TotalsMode` COMPONENTS) to replace a total whose rule failed in that report by the sum of its printed
 * components; nothing is fixed silently.
 */

/** PRINTED: totals as printed (the default); COMPONENTS: a total whose rule fails is the sum of its components. */
export const TOTALS_MODES = ["PRINTED", "COMPONENTS"] as const;
export type TotalsMode = (typeof TOTALS_MODES)[number];

/** A cell address. */
export interface CellAddress {
  readonly table: TableCode;
  readonly row: string;
  readonly column: string;
}

/** A printed total, the rule that checks it, and the cells it adds up. */
export interface CheckedTotal {
  readonly rule: string;
  readonly total: CellAddress;
  readonly parts: readonly CellAddress[];
}

/** The arithmetic rules whose failure says an input is doubtful (R1–R5 of docs/rules.md). */
export const INPUT_RULES: readonly string[] = ["R1", "R2", "R3", "R4", "R5"];

/**
 * The totals COMPONENTS can replace: each section 四 group's TOTAL (R4). R3's R_TOTAL is not replaced: its
 * outcome rows depend on the （六） layout a report prints, which a single statement over many reports cannot pick.
 */
export const CHECKED_TOTALS: readonly CheckedTotal[] = REVIEW_LITIGATION_GROUPS.map((row) => ({
  rule: "R4",
  total: { table: "REVIEW_LITIGATION", row, column: TOTAL_COLUMN },
  parts: REVIEW_LITIGATION_PARTS.map((column) => ({ table: "REVIEW_LITIGATION" as const, row, column })),
}));

/** The checked total at an address, if it is one. */
export function checkedTotalAt(address: CellAddress): CheckedTotal | undefined {
  return CHECKED_TOTALS.find((entry) => entry.total.table === address.table && entry.total.row === address.row && entry.total.column === address.column);
}

/** The LIKE pattern that finds a cell code in `CONCAT(',', cell_codes, ',')` (codes are stored comma-separated). */
export function cellCodePattern(address: CellAddress): string {
  return `%,${formatCellCode(address.table, address.row, address.column)},%`;
}

/** SQL (over report r) that is true when an error of one of `rules` in r involves one of `cells`. */
export function issueTouchesSql(rules: readonly string[], cells: readonly CellAddress[]): { sql: string; params: unknown[] } {
  const likes = cells.map(() => "CONCAT(',', vi.cell_codes, ',') LIKE ?").join(" OR ");
  return {
    sql: `EXISTS (SELECT 1 FROM validation_issue vi WHERE vi.report_id = r.id AND vi.severity = 'error' AND vi.rule IN (${rules.map(() => "?").join(", ")}) AND (${likes || "1 = 0"}))`,
    params: [...rules, ...cells.map(cellCodePattern)],
  };
}
