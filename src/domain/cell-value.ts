import type { ValueState } from "./codes";

/**
 * The one rule for what a cell counts as in arithmetic (validation, derived indicators, analytics, cross-year
 * checks): a BLANK cell (printed empty, or a dash where the template wants a number) counts as 0; a cell with a
 * number counts as that number; a cell that is marked, illegible or absent counts as nothing, and whatever needs it
 * cannot be computed. `cellNumber` is the rule in JS, `cellNumberSql` the same rule as a SQL expression.
 */
export function cellNumber(cell: { readonly state: ValueState | string; readonly value: number | null }): number | null {
  return cell.state === "BLANK" ? 0 : cell.value;
}

/** `cellNumber` in SQL over a row of report_cell with the given table alias (value_state and value columns). */
export function cellNumberSql(alias: string): string {
  return `(CASE WHEN ${alias}.value_state = 'BLANK' THEN 0 ELSE ${alias}.value END)`;
}
