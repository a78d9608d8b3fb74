import { formatCellCode, recordCellCode, type CellRecord } from "./cell";
import { cellNumber } from "./cell-value";
import type { TableCode } from "./codes";
import { RESULTS_TOTAL_ROW, TOTAL_COLUMN, resultGroupMembers } from "./template-parts";

/**
 * The derived indicators, defined once as formulas over cells. The same formulas are evaluated in
 * JavaScript for one report (`deriveIndicators`) and compiled to SQL for comparisons and rollups (analytics), so
 * the two can never disagree. A formula is a signed sum of cells, divided by another when it is a rate; a missing
 * cell makes its side missing, and a zero or missing denominator gives null, never NaN.
 */

/** One signed cell of a formula. `column: null` means the column the caller asks for (TOTAL by default). */
export interface FormulaTerm {
  readonly table: TableCode;
  readonly row: string;
  readonly column: string | null;
  readonly sign: 1 | -1;
}

/** A derived indicator: numerator, and denominator for a rate. */
export interface IndicatorFormula {
  readonly numerator: readonly FormulaTerm[];
  readonly denominator: readonly FormulaTerm[] | null;
  readonly labelZh: string;
  readonly labelEn: string;
}

const applications = (row: string, sign: 1 | -1 = 1, column: string | null = null): FormulaTerm => ({ table: "APPLICATIONS", row, column, sign });
const review = (row: string, column: string, sign: 1 | -1 = 1): FormulaTerm => ({ table: "REVIEW_LITIGATION", row, column, sign });
const rows = (codes: readonly string[]) => codes.map((code) => applications(code));

// The leaves of each outcome group, from the catalog: a report always prints them, whatever its （六） layout.
const WITHHELD = resultGroupMembers("R_WITHHELD");
const UNABLE = resultGroupMembers("R_UNABLE");
const NOT_PROCESSED = resultGroupMembers("R_NOT_PROCESSED");
const HANDLED = [applications(RESULTS_TOTAL_ROW)];

/** Every derived indicator, by name. */
export const INDICATOR_FORMULAS = {
  requestsReceived: { numerator: [applications("NEW_RECEIVED")], denominator: null, labelZh: "本年新收申请数", labelEn: "New requests received" },
  requestsHandled: { numerator: HANDLED, denominator: null, labelZh: "本年办理数", labelEn: "Requests handled" },
  carriedOver: { numerator: [applications("CARRIED_OVER_IN")], denominator: null, labelZh: "上年结转数", labelEn: "Carried over from last year" },
  carriedForward: { numerator: [applications("CARRIED_FORWARD_OUT")], denominator: null, labelZh: "结转下年数", labelEn: "Carried forward to next year" },
  disclosureRate: { numerator: rows(["R_DISCLOSED", "R_PARTIAL"]), denominator: HANDLED, labelZh: "公开率", labelEn: "Disclosure rate" },
  fullDisclosureRate: { numerator: rows(["R_DISCLOSED"]), denominator: HANDLED, labelZh: "全部公开率", labelEn: "Full disclosure rate" },
  withheldRate: { numerator: rows(WITHHELD), denominator: HANDLED, labelZh: "不予公开率", labelEn: "Withheld rate" },
  unableRate: { numerator: rows(UNABLE), denominator: HANDLED, labelZh: "无法提供率", labelEn: "Unable-to-provide rate" },
  notProcessedRate: { numerator: rows(NOT_PROCESSED), denominator: HANDLED, labelZh: "不予处理率", labelEn: "Not-processed rate" },
  legalPersonShare: {
    numerator: [applications("NEW_RECEIVED", 1, "TOTAL"), applications("NEW_RECEIVED", -1, "NATURAL_PERSON")],
    denominator: [applications("NEW_RECEIVED", 1, "TOTAL")],
    labelZh: "法人或其他组织申请占比",
    labelEn: "Legal-person share of requests",
  },
  reviewCorrectionRate: {
    numerator: [review("REVIEW", "CORRECTED")],
    denominator: [review("REVIEW", "TOTAL"), review("REVIEW", "PENDING", -1)],
    labelZh: "复议纠错率",
    labelEn: "Review correction rate",
  },
  litigationCorrectionRate: {
    numerator: [review("LIT_DIRECT", "CORRECTED"), review("LIT_AFTER_REVIEW", "CORRECTED")],
    denominator: [
      review("LIT_DIRECT", "TOTAL"),
      review("LIT_AFTER_REVIEW", "TOTAL"),
      review("LIT_DIRECT", "PENDING", -1),
      review("LIT_AFTER_REVIEW", "PENDING", -1),
    ],
    labelZh: "诉讼纠错率",
    labelEn: "Litigation correction rate",
  },
  disputeRate: {
    numerator: [review("REVIEW", "TOTAL"), review("LIT_DIRECT", "TOTAL"), review("LIT_AFTER_REVIEW", "TOTAL")],
    denominator: HANDLED,
    labelZh: "争议率",
    labelEn: "Dispute rate",
  },
} as const satisfies Record<string, IndicatorFormula>;

export type DerivedIndicatorName = keyof typeof INDICATOR_FORMULAS;
export const DERIVED_INDICATOR_NAMES = Object.keys(INDICATOR_FORMULAS) as DerivedIndicatorName[];

/** Every derived indicator of one report. */
export type DerivedIndicators = Record<DerivedIndicatorName, number | null>;

/** Reads a cell's number; null when it has none. */
export type CellValue = (table: TableCode, row: string, column: string) => number | null;

/** The cell a term reads, with the asked-for column filled in. */
export function termColumn(term: FormulaTerm, column: string): string {
  return term.column ?? (term.table === "APPLICATIONS" ? column : TOTAL_COLUMN);
}

/** numerator / denominator, null when either is missing or the denominator is 0. */
export function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}

function evaluateSide(terms: readonly FormulaTerm[], valueOf: CellValue, column: string): number | null {
  let total = 0;
  for (const term of terms) {
    const value = valueOf(term.table, term.row, termColumn(term, column));
    if (value === null) return null;
    total += term.sign * value;
  }
  return total;
}

/** Evaluates one formula on one report's cells. */
export function evaluateFormula(formula: IndicatorFormula, valueOf: CellValue, column = TOTAL_COLUMN): number | null {
  const numerator = evaluateSide(formula.numerator, valueOf, column);
  return formula.denominator ? ratio(numerator, evaluateSide(formula.denominator, valueOf, column)) : numerator;
}

/** Computes every derived indicator from a report's cells, for `column` of section 三 (TOTAL by default). */
export function deriveIndicators(valueOf: CellValue, column = TOTAL_COLUMN): DerivedIndicators {
  return Object.fromEntries(DERIVED_INDICATOR_NAMES.map((name) => [name, evaluateFormula(INDICATOR_FORMULAS[name], valueOf, column)])) as DerivedIndicators;
}

/**
 * Every derived indicator of one report from its stored cells, one report at a time (what the graph answers for
 * `Report.indicators`): a cell counts by `cellNumber` (BLANK as 0), a cell the report does not have as missing.
 * Agrees with the SQL evaluation in analytics/value-query.ts, which compiles the same formulas.
 */
export function deriveIndicatorsOfCells(cells: readonly CellRecord[], column = TOTAL_COLUMN): DerivedIndicators {
  const byCode = new Map(cells.map((cell) => [recordCellCode(cell), cell]));
  return deriveIndicators((table, row, col) => {
    const cell = byCode.get(formatCellCode(table, row, col));
    return cell ? cellNumber({ state: cell.valueState, value: cell.value }) : null;
  }, column);
}
