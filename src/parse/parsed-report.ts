import { cellCode, type Cell } from "../domain/cell";
import type { IssueSeverity, ReportScope, ScopeSource, TemplateVersion } from "../domain/codes";
import type { CellProvenance } from "../domain/provenance";
import type { NarrativeFact } from "./narrative";
import type { ScopeEvidence } from "./scope-evidence";

/**
 * One table cell as read from the text (the parse output contract): the domain's `Cell`, so that the parser, the
 * ingest and the graph spell a cell's fields one way.
 */
export type ParsedCell = Cell;

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
  /**
   * How the scope was decided (PARSED_TEXT or NAME); absent for a structured report, whose scope is the document's
   * own statement.
   */
  readonly scopeSource?: Exclude<ScopeSource, "MAINTAINER">;
  /** The evidence the scope rests on, with lines (src/parse/scope-evidence.ts); absent for a structured report. */
  readonly scopeEvidence?: readonly ScopeEvidence[];
  readonly region: ParsedRegion | null;
  readonly title: string | null;
  readonly sections: { S1_OVERVIEW?: string; S5_PROBLEMS?: string; S6_OTHER?: string };
  /**
   * The figures the overview states in prose, with the cells each corresponds to (src/parse/narrative.ts); absent
   * for a structured report, whose text is not read.
   */
  readonly narrative?: readonly NarrativeFact[];
  readonly cells: readonly ParsedCell[];
  readonly issues: readonly ParseIssue[];
}

/** The parser's answer: a report, or why the text is not one. */
export type ParseResult = { readonly kind: "report"; readonly report: ParsedReport } | { readonly kind: "not-a-report"; readonly reason: string };

export type { NarrativeFact, ScopeEvidence };

/** Builds a cell's code (the domain's one builder, re-exported for the parser's callers). */
export { cellCode };
