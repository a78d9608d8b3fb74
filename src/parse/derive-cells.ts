import type { ParsedCell } from "./parsed-report";

/**
 * Derived cells (domain spec §6 D1, PRODUCT.md): the section 三 group subtotals the template never prints
 * (R_WITHHELD, R_UNABLE, R_NOT_PROCESSED, and R_OTHER where （六） is printed as three sub-rows) and the
 * 法人或其他组织 subtotal column. A derived cell exists only where every part has a number.
 */
const GROUPS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["R_WITHHELD", ["WITHHELD_STATE_SECRET", "WITHHELD_LAW_PROHIBITED", "WITHHELD_THREE_SAFETY_ONE_STABILITY", "WITHHELD_THIRD_PARTY", "WITHHELD_INTERNAL_AFFAIRS", "WITHHELD_PROCESS_INFO", "WITHHELD_ENFORCEMENT_FILE", "WITHHELD_ADMIN_QUERY"]],
  ["R_UNABLE", ["UNABLE_NOT_HELD", "UNABLE_NEEDS_CREATION", "UNABLE_STILL_UNCLEAR"]],
  ["R_NOT_PROCESSED", ["NOT_PROCESSED_PETITION", "NOT_PROCESSED_REPEAT", "NOT_PROCESSED_PUBLICATION", "NOT_PROCESSED_MASS_REPEAT", "NOT_PROCESSED_CONFIRM_REISSUE"]],
  ["R_OTHER", ["OTHER_NO_CORRECTION", "OTHER_FEE_UNPAID", "OTHER_OTHER"]],
];
const COLUMNS = ["NATURAL_PERSON", "COMMERCIAL_ENTERPRISE", "RESEARCH_INSTITUTION", "PUBLIC_WELFARE_ORG", "LEGAL_SERVICE_ORG", "OTHER_ORG", "TOTAL"];
const LEGAL_PERSON_COLUMNS = COLUMNS.slice(1, 6);

function sumOf(cells: ReadonlyArray<ParsedCell | undefined>): number | null {
  let total = 0;
  for (const cell of cells) {
    if (!cell || cell.value === null || (cell.state !== "VALUE" && cell.state !== "UNCERTAIN" && cell.state !== "DERIVED")) return null;
    total += cell.value;
  }
  return total;
}

function derived(row: string, column: string, value: number): ParsedCell {
  return { table: "APPLICATIONS", row, column, value, state: "DERIVED", raw: null, line: null };
}

/** The derived cells of a report's section 三 cells. */
export function deriveApplicationCells(cells: readonly ParsedCell[]): ParsedCell[] {
  const byKey = new Map(cells.filter((cell) => cell.table === "APPLICATIONS").map((cell) => [`${cell.row}.${cell.column}`, cell]));
  const out: ParsedCell[] = [];
  for (const [group, leaves] of GROUPS) {
    if (byKey.has(`${group}.TOTAL`)) continue; // printed as a row of its own (（六） in TPL_2019)
    for (const column of COLUMNS) {
      const value = sumOf(leaves.map((leaf) => byKey.get(`${leaf}.${column}`)));
      if (value !== null) {
        const cell = derived(group, column, value);
        out.push(cell);
        byKey.set(`${group}.${column}`, cell);
      }
    }
  }
  const rows = new Set([...byKey.values()].map((cell) => cell.row));
  for (const row of rows) {
    const value = sumOf(LEGAL_PERSON_COLUMNS.map((column) => byKey.get(`${row}.${column}`)));
    if (value !== null) out.push(derived(row, "LEGAL_PERSON_SUBTOTAL", value));
  }
  return out;
}
