import { cellCode } from "../domain/cell";
import { cellNumber } from "../domain/cell-value";
import type { TableCode } from "../domain/codes";
import type { DocumentResult } from "../documents/document-format";
import type { ParsedCell } from "../parse";

/**
 * Scores one parse against hand-checked values, the way a reader of the data would judge it: a cell is exact when the
 * parser serves the checked value as certain, flagged when it says it is unsure (UNCERTAIN, ILLEGIBLE, ABSENT or
 * missing, whatever value it holds), and wrong when it serves another value as certain. A printed empty cell counts as
 * 0 (cellNumber), as everywhere else.
 */

/** One hand-checked cell of an expected file. */
export interface ExpectedCell {
  readonly table: TableCode;
  readonly row: string;
  readonly column: string;
  readonly value: number;
}

/** An expected file: the corpus's format (tests/fixtures/corpus/README.md). */
export interface ExpectedReport {
  readonly year: number;
  readonly templateVersion: string;
  readonly cells: readonly ExpectedCell[];
}

/** How one expected cell came out. */
export type CellVerdict = "exact" | "flagged" | "wrong";

/** A cell served as certain with another value than the checked one. */
export interface WrongCell {
  readonly code: string;
  readonly expected: number;
  readonly served: number | null;
  readonly state: string;
}

export interface ReportScore {
  readonly exact: number;
  readonly flagged: number;
  readonly wrong: number;
  /** Non-derived cells the parse served with a value that the expected file does not list. */
  readonly unlisted: number;
  readonly versionRight: boolean;
  readonly yearRight: boolean;
  readonly wrongCells: readonly WrongCell[];
  /** Why the document was not read as a report, when it was not. */
  readonly refusal: string | null;
}

/** States in which the parser says it does not know the value. */
const FLAGGED_STATES = new Set(["UNCERTAIN", "ILLEGIBLE", "ABSENT"]);

/** The verdict on one expected cell. */
export function cellVerdict(cell: ParsedCell | undefined, expected: number): CellVerdict {
  if (!cell || FLAGGED_STATES.has(cell.state)) return "flagged";
  return cellNumber(cell) === expected ? "exact" : "wrong";
}

/** Scores a document's parse against its expected file; a document not read as a report scores every cell flagged. */
export function scoreReport(result: DocumentResult, expected: ExpectedReport): ReportScore {
  if (result.kind !== "report") {
    return {
      exact: 0,
      flagged: expected.cells.length,
      wrong: 0,
      unlisted: 0,
      versionRight: false,
      yearRight: false,
      wrongCells: [],
      refusal: result.reason,
    };
  }
  const report = result.report;
  const parsed = new Map(report.cells.map((cell) => [cellCode(cell), cell]));
  const counts: Record<CellVerdict, number> = { exact: 0, flagged: 0, wrong: 0 };
  const wrongCells: WrongCell[] = [];
  for (const want of expected.cells) {
    const code = cellCode(want);
    const cell = parsed.get(code);
    const verdict = cellVerdict(cell, want.value);
    counts[verdict] += 1;
    if (verdict === "wrong") wrongCells.push({ code, expected: want.value, served: cell ? cellNumber(cell) : null, state: cell?.state ?? "MISSING" });
  }
  const listed = new Set(expected.cells.map(cellCode));
  const unlisted = report.cells.filter((cell) => cell.state !== "DERIVED" && cell.value !== null && !listed.has(cellCode(cell))).length;
  return {
    ...counts,
    unlisted,
    versionRight: report.templateVersion === expected.templateVersion,
    yearRight: report.year === expected.year,
    wrongCells,
    refusal: null,
  };
}
