/**
 * The project's machine codes for the national template (docs/tables.md). Every layer (parser, database,
 * graph) speaks these codes and nothing else.
 */

/** Template versions a report can be in. Only TPL_2019 and TPL_2021 have the national tables. */
export const TEMPLATE_VERSIONS = ["TPL_2019", "TPL_2021", "LEGACY_PRE2019", "UNKNOWN"] as const;
export type TemplateVersion = (typeof TEMPLATE_VERSIONS)[number];

/** The two template versions that carry the national tables. */
export const TABULAR_VERSIONS = ["TPL_2019", "TPL_2021"] as const;
export type TabularVersion = (typeof TABULAR_VERSIONS)[number];

/**
 * The versions a catalog entry (table, row, column, indicator) exists in: the two national templates, and
 * LEGACY_PRE2019 for the headline figures of a report on the 2008 outline (the LEGACY table).
 */
export type CatalogVersion = TabularVersion | "LEGACY_PRE2019";

/**
 * Tables of the catalog: the section 二 sub-tables, the section 三 table and the section 四 table of the national
 * template, and LEGACY, the headline figures a report on the 2008 outline prints in its text (docs/tables.md).
 */
export const TABLE_CODES = ["ART20_1", "ART20_5", "ART20_6", "ART20_8", "ART20_9", "APPLICATIONS", "REVIEW_LITIGATION", "LEGACY"] as const;
export type TableCode = (typeof TABLE_CODES)[number];

/** Report sections (docs/template.md). */
export const SECTION_CODES = ["S1_OVERVIEW", "S2_PROACTIVE", "S3_APPLICATIONS", "S4_REVIEW_LITIGATION", "S5_PROBLEMS", "S6_OTHER"] as const;
export type SectionCode = (typeof SECTION_CODES)[number];

/**
 * How a cell's value was read (docs/tables.md); CORRECTED is a value a person entered over the parser's reading
 * (src/revisions/corrections.ts), which is kept beside it.
 */
export const VALUE_STATES = ["VALUE", "BLANK", "NA_MARK", "ILLEGIBLE", "UNCERTAIN", "ABSENT", "DERIVED", "CORRECTED"] as const;
export type ValueState = (typeof VALUE_STATES)[number];

/**
 * What a revision of a report records (src/revisions/record-revision.ts): its first ingest, new content for it, a
 * re-parse, a change made because a neighbouring year changed (evidence or continuity), a person's correction or its
 * reversal, a maintainer's scope, its agency renamed (by a later report's printing), X1–X3 checked again on their
 * own (`gongkai continuity`), a verification, a copy from a second source, its deletion.
 */
export const REVISION_KINDS = [
  "INGESTED",
  "UPDATED",
  "REPARSED",
  "NEIGHBOUR_CHANGED",
  "CORRECTED",
  "REVERTED",
  "SCOPE_SET",
  "AGENCY_RENAMED",
  "RECHECKED",
  "VERIFIED",
  "COPY_ADDED",
  "DELETED",
] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

/** Where a report stands with the people who keep the data: never looked at, to be looked at, checked by a person. */
export const REVIEW_STATUSES = ["UNREVIEWED", "NEEDS_REVIEW", "VERIFIED"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * What the parser says of a person's correction on its latest reading: it reads the same (CONFIRMED), it reads
 * something else (DISPUTED: the correction stands and the report goes to the review queue), or it has not read the
 * report since (STANDS).
 */
export const CORRECTION_STATUSES = ["STANDS", "CONFIRMED", "DISPUTED"] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

/** The states a person may give a cell instead of a value: printed empty, a mark such as 无, unreadable, not printed. */
export const CORRECTABLE_STATES = ["BLANK", "NA_MARK", "ILLEGIBLE", "ABSENT"] as const;
export type CorrectableState = (typeof CORRECTABLE_STATES)[number];

/** What a report covers: one agency, or a government's whole-jurisdiction total. */
export const REPORT_SCOPES = ["AGENCY", "GOVERNMENT_AGGREGATE"] as const;
export type ReportScope = (typeof REPORT_SCOPES)[number];

/**
 * How a report's scope was decided (docs/metadata.md): from statements in its own text, from the agency's name and
 * kind alone (no statement in the text spoke either way), or set by a maintainer over the parser's reading.
 */
export const SCOPE_SOURCES = ["PARSED_TEXT", "NAME", "MAINTAINER"] as const;
export type ScopeSource = (typeof SCOPE_SOURCES)[number];

/**
 * Kinds of evidence for a report's scope (src/parse/scope-evidence.ts): a whole-jurisdiction total (全市共受理…件),
 * a whole-jurisdiction statement without a sum word (全区受理…件), a summary of subordinate units (各级行政机关, 汇总),
 * a statement that the figures are the organ's own (代表区政府受理, 本机关), the agency kind, a title that names a
 * region rather than an organ.
 */
export const SCOPE_EVIDENCE_KINDS = ["JURISDICTION_TOTAL", "JURISDICTION_STATEMENT", "UNITS_SUMMARY", "OWN_ORGAN", "AGENCY_KIND", "REGION_NAME"] as const;
export type ScopeEvidenceKind = (typeof SCOPE_EVIDENCE_KINDS)[number];

/** Kinds of issuing organ (机关), from the name suffix (docs/metadata.md). */
export const AGENCY_KINDS = ["GOVERNMENT", "GENERAL_OFFICE", "DEPARTMENT", "TOWNSHIP", "OTHER"] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** Administrative levels of a region code. */
export const REGION_LEVELS = ["PROVINCE", "CITY", "COUNTY"] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** Severity of a validation issue. */
export const ISSUE_SEVERITIES = ["error", "warning", "info"] as const;
export type IssueSeverity = (typeof ISSUE_SEVERITIES)[number];

/** How a value is to be read (docs/tables.md). */
export const CELL_KINDS = ["COUNT", "ITEM_COUNT", "RECORD_COUNT", "SIGNED_DELTA", "AMOUNT_WAN_YUAN", "AMOUNT_RAW_UNIT", "PRINTED_TOTAL", "DERIVED"] as const;
export type CellKind = (typeof CELL_KINDS)[number];

/** How an indicator compares across the two template versions (docs/rules.md). */
export const COMPARABILITIES = ["SAME", "APPROXIMATE", "AGGREGATE_ONLY", "SINGLE_VERSION"] as const;
export type Comparability = (typeof COMPARABILITIES)[number];

/** How a report's source was published. */
export const SOURCE_FORMATS = ["TEXT", "MARKDOWN", "HTML", "PDF", "JSON"] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/**
 * Validation-issue rule: a printed value too large for a cell (report_cell.value is DECIMAL(20,4), so its magnitude
 * must be under 10^16) or not a finite number. The cell is kept as ILLEGIBLE with no value and its printed text.
 */
export const PARSE_VALUE_OUT_OF_RANGE = "PARSE_VALUE_OUT_OF_RANGE";
