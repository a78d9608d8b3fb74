import { PARSE_VALUE_OUT_OF_RANGE } from "../domain/codes";
import { cellCode, type ParseIssue, type ParsedCell, type ParsedReport } from "../parse";
import { deriveApplicationCells } from "../parse/derive-cells";
import { rederive } from "../parse/rederive";

/**
 * The one guard between a parsed report and the report_cell.value column, DECIMAL(20,4): 16 digits before the
 * point. A value that does not fit (or is not a finite number) would be refused by MySQL/MariaDB as a database
 * error and stored as-is by SQLite; instead the cell is kept as ILLEGIBLE with no value and its printed text, and a
 * PARSE_VALUE_OUT_OF_RANGE issue names it and its line. No number is invented, and the rest of the report stays
 * usable.
 */

/** Magnitudes from this one up do not fit the cell column. */
export const MAX_CELL_MAGNITUDE = 1e16;

/** Whether a value can be stored in the cell column. */
export function fitsCellColumn(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) < MAX_CELL_MAGNITUDE;
}

function outOfRange(cell: ParsedCell): boolean {
  return cell.value !== null && !fitsCellColumn(cell.value);
}

function rangeIssue(cell: ParsedCell): ParseIssue {
  const code = cellCode(cell);
  const where = cell.line === null ? "" : ` at line ${cell.line}`;
  const printed = cell.raw ?? String(cell.value);
  const what = cell.state === "DERIVED" ? `sums to ${cell.value}` : `reads "${printed.slice(0, 80)}"`;
  const kept = cell.state === "DERIVED" ? "the derived cell is left out" : "the cell is kept as ILLEGIBLE with no value";
  return {
    rule: PARSE_VALUE_OUT_OF_RANGE,
    severity: "error",
    message: `${PARSE_VALUE_OUT_OF_RANGE}: ${code}${where} ${what}, beyond what a cell holds (a finite number under 10^16 in magnitude); ${kept}`,
    cells: [code],
    line: cell.line ?? undefined,
  };
}

/**
 * Returns the report with every printed cell whose value does not fit marked ILLEGIBLE (value null, printed text
 * and line kept), its derived cells and R1–R5 recomputed from what is left, and one PARSE_VALUE_OUT_OF_RANGE issue
 * per cell. A report whose values all fit is returned as it is.
 */
export function markOutOfRangeValues(report: ParsedReport): ParsedReport {
  if (!report.cells.some(outOfRange)) return report;
  const printed = report.cells.filter((cell) => cell.state !== "DERIVED");
  const marked = printed.filter(outOfRange);
  // An ILLEGIBLE cell has no value to choose, so it lists no candidates either (and its row is never decided).
  const kept = printed.map((cell): ParsedCell =>
    outOfRange(cell) ? { ...cell, value: null, state: "ILLEGIBLE", candidates: undefined, readings: undefined, uncertainty: undefined } : cell,
  );
  const tooLarge = deriveApplicationCells(kept).filter(outOfRange);
  return rederive(report, kept, { keepDerived: (cell) => !outOfRange(cell), extraIssues: [...marked, ...tooLarge].map(rangeIssue) });
}
