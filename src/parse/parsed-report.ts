import type { IssueSeverity, ReportScope, TableCode, TemplateVersion, ValueState } from "../domain/codes";
import type { CellProvenance } from "../domain/provenance";

/** One table cell as read from the text (PRODUCT.md, parse output contract). */
export interface ParsedCell {
  readonly table: TableCode;
  readonly row: string;
  readonly column: string;
  /** The number; null unless the state is VALUE, UNCERTAIN or DERIVED. */
  readonly value: number | null;
  readonly state: ValueState;
  /** The printed text of the cell; null for derived and absent cells. */
  readonly raw: string | null;
  /** 1-based source line; null for derived and absent cells. */
  readonly line: number | null;
  /** 0-based position of the printed value within its line (where the value starts; for a glued run, the run). */
  readonly lineOffset?: number | null;
  /** Where the value sits in the published document (a PDF page and box, an HTML table cell), when known. */
  readonly provenance?: CellProvenance | null;
}

export type { CellProvenance };

/** A problem found while parsing or validating, with the cells involved. */
export interface ParseIssue {
  /** R1…R5, or a parse rule: PARSE_TABLE_MISSING, PARSE_ROW_MISSING, PARSE_VALUE_UNREADABLE, PARSE_AMBIGUOUS, … */
  readonly rule: string;
  readonly severity: IssueSeverity;
  readonly message: string;
  /** TABLE.ROW.COLUMN codes. */
  readonly cells: readonly string[];
  readonly line?: number;
}

/** Region names and code, as far as the text determines them. */
export interface ParsedRegion {
  readonly province: string | null;
  readonly city: string | null;
  readonly county: string | null;
  readonly code: string | null;
}

/** Everything the parser reads from one report. */
export interface ParsedReport {
  readonly templateVersion: TemplateVersion;
  readonly agencyName: string | null;
  readonly year: number | null;
  readonly scope: ReportScope;
  readonly region: ParsedRegion | null;
  readonly title: string | null;
  readonly sections: { S1_OVERVIEW?: string; S5_PROBLEMS?: string; S6_OTHER?: string };
  readonly cells: readonly ParsedCell[];
  readonly issues: readonly ParseIssue[];
}

/** The parser's answer: a report, or why the text is not one. */
export type ParseResult =
  | { readonly kind: "report"; readonly report: ParsedReport }
  | { readonly kind: "not-a-report"; readonly reason: string };

/** Builds a cell code. */
export function cellCode(cell: Pick<ParsedCell, "table" | "row" | "column">): string {
  return `${cell.table}.${cell.row}.${cell.column}`;
}
