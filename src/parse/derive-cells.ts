import { formatCellCode } from "../domain/cell";
import { APPLICATIONS_PRINTED_COLUMNS, LEGAL_PERSON_COLUMNS, LEGAL_PERSON_SUBTOTAL_COLUMN, RESULT_GROUPS, TOTAL_COLUMN } from "../domain/template-parts";
import type { ParsedCell } from "./parsed-report";

/**
 * Derived cells (docs/rules.md D1): the section 三 outcome-group subtotals the template never prints (R_WITHHELD,
 * R_UNABLE, R_NOT_PROCESSED, and R_OTHER where （六） is printed as three sub-rows) and the 法人或其他组织 subtotal
 * column. Groups and columns come from the template catalog. A derived cell exists only where every part has a
 * number.
 */

/** The states whose number a derived cell may add up: read, read with doubt, derived, or entered by a person. */
const DERIVABLE_STATES: ReadonlySet<string> = new Set(["VALUE", "UNCERTAIN", "DERIVED", "CORRECTED"]);

/** The sum of the parts; null when a part is missing or has no number (a BLANK part has none to derive from). */
function sumOf(cells: ReadonlyArray<ParsedCell | undefined>): number | null {
  let total = 0;
  for (const cell of cells) {
    if (!cell || cell.value === null || !DERIVABLE_STATES.has(cell.state)) return null;
    total += cell.value;
  }
  return total;
}

function derived(row: string, column: string, value: number): ParsedCell {
  return { table: "APPLICATIONS", row, column, value, state: "DERIVED", raw: null, line: null };
}

/** The derived cells of a report's section 三 cells. */
export function deriveApplicationCells(cells: readonly ParsedCell[]): ParsedCell[] {
  const applications = cells.filter((cell) => cell.table === "APPLICATIONS");
  const byCode = new Map<string, ParsedCell>(applications.map((cell) => [formatCellCode("APPLICATIONS", cell.row, cell.column), cell]));
  const at = (row: string, column: string) => byCode.get(formatCellCode("APPLICATIONS", row, column));
  const out: ParsedCell[] = [];
  for (const { group, members } of RESULT_GROUPS) {
    if (at(group, TOTAL_COLUMN)) continue; // printed as a row of its own (（六） in TPL_2019)
    for (const column of APPLICATIONS_PRINTED_COLUMNS) {
      const value = sumOf(members.map((member) => at(member, column)));
      if (value !== null) {
        const cell = derived(group, column, value);
        out.push(cell);
        byCode.set(formatCellCode("APPLICATIONS", group, column), cell);
      }
    }
  }
  const rows = new Set([...byCode.values()].map((cell) => cell.row));
  for (const row of rows) {
    const value = sumOf(LEGAL_PERSON_COLUMNS.map((column) => at(row, column)));
    if (value !== null) out.push(derived(row, LEGAL_PERSON_SUBTOTAL_COLUMN, value));
  }
  return out;
}
