/**
 * The derived indicators of PRODUCT.md, one definition used everywhere (the graph, comparisons, exports). Pure:
 * they read cell values through `valueOf`, which answers null for a cell without a number. A zero or missing
 * denominator gives null, never NaN.
 */
export type CellValue = (table: string, row: string, column: string) => number | null;

/** Every derived indicator of one report (for one applicant column, TOTAL unless asked). */
export interface DerivedIndicators {
  readonly requestsReceived: number | null;
  readonly requestsHandled: number | null;
  readonly carriedOver: number | null;
  readonly carriedForward: number | null;
  readonly disclosureRate: number | null;
  readonly fullDisclosureRate: number | null;
  readonly withheldRate: number | null;
  readonly unableRate: number | null;
  readonly notProcessedRate: number | null;
  readonly legalPersonShare: number | null;
  readonly reviewCorrectionRate: number | null;
  readonly litigationCorrectionRate: number | null;
  readonly disputeRate: number | null;
}

/** The names of the derived indicators, for catalogs and comparisons. */
export const DERIVED_INDICATOR_NAMES = [
  "requestsReceived",
  "requestsHandled",
  "carriedOver",
  "carriedForward",
  "disclosureRate",
  "fullDisclosureRate",
  "withheldRate",
  "unableRate",
  "notProcessedRate",
  "legalPersonShare",
  "reviewCorrectionRate",
  "litigationCorrectionRate",
  "disputeRate",
] as const satisfies ReadonlyArray<keyof DerivedIndicators>;

const WITHHELD = ["WITHHELD_STATE_SECRET", "WITHHELD_LAW_PROHIBITED", "WITHHELD_THREE_SAFETY_ONE_STABILITY", "WITHHELD_THIRD_PARTY", "WITHHELD_INTERNAL_AFFAIRS", "WITHHELD_PROCESS_INFO", "WITHHELD_ENFORCEMENT_FILE", "WITHHELD_ADMIN_QUERY"];
const UNABLE = ["UNABLE_NOT_HELD", "UNABLE_NEEDS_CREATION", "UNABLE_STILL_UNCLEAR"];
const NOT_PROCESSED = ["NOT_PROCESSED_PETITION", "NOT_PROCESSED_REPEAT", "NOT_PROCESSED_PUBLICATION", "NOT_PROCESSED_MASS_REPEAT", "NOT_PROCESSED_CONFIRM_REISSUE"];
const LITIGATION = ["LIT_DIRECT", "LIT_AFTER_REVIEW"];

function sum(values: ReadonlyArray<number | null>): number | null {
  return values.some((value) => value === null) ? null : values.reduce<number>((total, value) => total + (value as number), 0);
}

/** numerator / denominator, null when either is missing or the denominator is 0. */
export function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}

/** Computes the derived indicators from a report's cells, for `column` of section 三 (TOTAL by default). */
export function deriveIndicators(valueOf: CellValue, column = "TOTAL"): DerivedIndicators {
  const applications = (row: string) => valueOf("APPLICATIONS", row, column);
  const review = (row: string, outcome: string) => valueOf("REVIEW_LITIGATION", row, outcome);
  const handled = applications("R_TOTAL");
  const received = applications("NEW_RECEIVED");
  const naturalReceived = valueOf("APPLICATIONS", "NEW_RECEIVED", "NATURAL_PERSON");
  const allReceived = valueOf("APPLICATIONS", "NEW_RECEIVED", "TOTAL");
  // Cases decided: all cases less those still pending.
  const decided = (rows: readonly string[]) => {
    const total = sum(rows.map((row) => review(row, "TOTAL")));
    const pending = sum(rows.map((row) => review(row, "PENDING")));
    return total === null || pending === null ? null : total - pending;
  };
  return {
    requestsReceived: received,
    requestsHandled: handled,
    carriedOver: applications("CARRIED_OVER_IN"),
    carriedForward: applications("CARRIED_FORWARD_OUT"),
    disclosureRate: ratio(sum([applications("R_DISCLOSED"), applications("R_PARTIAL")]), handled),
    fullDisclosureRate: ratio(applications("R_DISCLOSED"), handled),
    withheldRate: ratio(sum(WITHHELD.map(applications)), handled),
    unableRate: ratio(sum(UNABLE.map(applications)), handled),
    notProcessedRate: ratio(sum(NOT_PROCESSED.map(applications)), handled),
    legalPersonShare: ratio(allReceived === null || naturalReceived === null ? null : allReceived - naturalReceived, allReceived),
    reviewCorrectionRate: ratio(review("REVIEW", "CORRECTED"), decided(["REVIEW"])),
    litigationCorrectionRate: ratio(sum(LITIGATION.map((row) => review(row, "CORRECTED"))), decided(LITIGATION)),
    disputeRate: ratio(sum(["REVIEW", ...LITIGATION].map((row) => review(row, "TOTAL"))), handled),
  };
}
