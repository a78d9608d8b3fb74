import { isOtherSplit } from "../domain/template-parts";
import { deriveApplicationCells } from "./derive-cells";
import { cellCode, type ParseIssue, type ParsedCell, type ParsedReport } from "./parsed-report";
import { ARITHMETIC_RULES, validateCells } from "./validate-report";

/**
 * A report whose printed cells were changed after parsing (a value that does not fit marked ILLEGIBLE, a person's
 * correction), made consistent again: its derived cells re-derived from the printed ones (a derived cell whose parts
 * are no longer all numbers is gone, one whose parts now are appears) and R1–R5 checked again in place of the old
 * findings. The parser's cell order is kept; a printed cell the report did not have goes at the end. `keepDerived`
 * may leave derived cells out (answering why in `extraIssues`); other issues stay as they were.
 */
export function rederive<T extends Pick<ParsedReport, "cells" | "issues">>(
  report: T,
  printed: readonly ParsedCell[],
  options: { readonly keepDerived?: (cell: ParsedCell) => boolean; readonly extraIssues?: readonly ParseIssue[] } = {},
): T {
  const derived = deriveApplicationCells(printed).filter(options.keepDerived ?? (() => true));
  const byCode = new Map([...printed, ...derived].map((cell) => [cellCode(cell), cell]));
  const cells: ParsedCell[] = [];
  for (const cell of report.cells) {
    const code = cellCode(cell);
    const replacement = byCode.get(code);
    if (replacement) cells.push(replacement);
    byCode.delete(code);
  }
  cells.push(...byCode.values());
  return {
    ...report,
    cells,
    issues: [
      ...report.issues.filter((issue) => !ARITHMETIC_RULES.has(issue.rule)),
      ...(options.extraIssues ?? []),
      ...validateCells(cells, isOtherSplit(printed.map((cell) => cell.row))),
    ],
  };
}
