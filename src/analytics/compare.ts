import type { DataSource } from "typeorm";
import type { CatalogVersion } from "../domain/codes";
import { regionSubtreePattern, selectionSql } from "../services/report-selection";
import { comparabilityBetween, resolveIndicator, type IndicatorRef } from "./indicator-ref";
import type { StatementBudget } from "./statement-budget";
import { AMOUNT_PLACES, exactChange, RATE_PLACES, roundTo } from "./decimal-output";
import type { TotalsMode } from "./printed-totals";
import { emptyQuality, placeholders, runValueQuery, type SqlPart, type ValueQuality, type ValueRow } from "./value-query";
import { quoteInput } from "../domain/quote-input";

/**
 * Aligned comparisons: subjects (agencies, or regions as the sum of the AGENCY-scope reports in their subtree)
 * × years × indicators, each value with its change from the year before and whether that change means anything
 * (a template change can make two years incomparable: each indicator says when, in domain/). One SQL statement computes every value.
 */
export interface CompareInput {
  readonly agencyIds?: readonly number[];
  readonly regionCodes?: readonly string[];
  readonly years: readonly number[];
  readonly indicators: readonly string[];
  /** The applicant column derived indicators read (TOTAL unless asked). */
  readonly column?: string;
  /** PRINTED (default) or COMPONENTS: a total whose rule failed read as the sum of its components. */
  readonly totals?: TotalsMode;
  /** Regions: ALL members (default), or BALANCED: only agencies that reported in every year asked. */
  readonly cohort?: CohortMode;
}

/** ALL: every member that reported; BALANCED: only members that reported in every year asked. */
export const COHORT_MODES = ["ALL", "BALANCED"] as const;
export type CohortMode = (typeof COHORT_MODES)[number];

/** How a value compares with the year before. REPORTERS_CHANGED: a region's set of reporting members differs. */
export type ChangeComparability = "SAME" | "APPROXIMATE" | "NOT_COMPARABLE" | "REPORTERS_CHANGED" | "NO_PREVIOUS";

/** A region's reporting members in a year against the year before (agency ids, ascending). */
export interface CohortChange {
  readonly reporters: number;
  readonly entered: readonly number[];
  readonly left: readonly number[];
}

export interface ComparedValue {
  readonly subject: string;
  readonly year: number;
  readonly indicator: string;
  readonly value: number | null;
  /** Reports of the subject in that year; for a region, the AGENCY-scope reports in its subtree. */
  readonly reportCount: number;
  /** Of those, how many had every cell the indicator needs. */
  readonly reportsIncluded: number;
  readonly templateVersions: readonly CatalogVersion[];
  readonly previousValue: number | null;
  readonly change: number | null;
  readonly relativeChange: number | null;
  readonly comparability: ChangeComparability;
  readonly note: string | null;
  readonly quality: ValueQuality;
  /** Regions: the members that reported this year and the year before, entered and left; null for agencies. */
  readonly cohort: CohortChange | null;
}

export interface Comparison {
  readonly subjects: readonly string[];
  readonly years: readonly number[];
  readonly indicators: readonly IndicatorRef[];
  readonly values: readonly ComparedValue[];
}

/** An analytics request out of bounds, with the argument as the schema spells it and the reason (a client error). */
export class AnalyticsInputError extends Error {
  constructor(
    message: string,
    readonly argument: string | null = null,
  ) {
    super(message);
  }
}

export const COMPARE_LIMITS = { subjects: 1000, years: 30, indicators: 20, cells: 100_000 } as const;

/** The subject join and conditions for regions: each region matches the agencies in its subtree. */
export function regionSubjects(codes: readonly string[]): SqlPart {
  const rows = codes.map(() => "SELECT ? AS subject, ? AS prefix").join(" UNION ALL ");
  return { sql: `JOIN (${rows}) s ON a.region_code LIKE s.prefix`, params: codes.flatMap((code) => [code, regionSubtreePattern(code)]) };
}

function checkInput(input: CompareInput): void {
  const subjects = (input.agencyIds?.length ?? 0) + (input.regionCodes?.length ?? 0);
  if ((input.agencyIds?.length ?? 0) > 0 === (input.regionCodes?.length ?? 0) > 0)
    throw new AnalyticsInputError("give either agencyIds or regionCodes, not both and not neither", "subjects");
  if (subjects > COMPARE_LIMITS.subjects) throw new AnalyticsInputError(`at most ${COMPARE_LIMITS.subjects} subjects, got ${subjects}`, "subjects");
  if (input.years.length === 0 || input.years.length > COMPARE_LIMITS.years) throw new AnalyticsInputError(`give 1 to ${COMPARE_LIMITS.years} years`, "years");
  if (input.indicators.length === 0 || input.indicators.length > COMPARE_LIMITS.indicators)
    throw new AnalyticsInputError(`give 1 to ${COMPARE_LIMITS.indicators} indicators`, "indicators");
  if (subjects * input.years.length * input.indicators.length > COMPARE_LIMITS.cells) {
    throw new AnalyticsInputError(
      `subjects × years × indicators is ${subjects * input.years.length * input.indicators.length}; the limit is ${COMPARE_LIMITS.cells}`,
      "subjects",
    );
  }
  for (const code of input.regionCodes ?? [])
    if (!/^\d{6}$/.test(code)) throw new AnalyticsInputError(`${quoteInput(code)} is not a 6-digit region code`, "regionCodes");
}

/** Whether a change between two years' template versions is meaningful for an indicator. */
function changeComparability(
  indicator: IndicatorRef,
  before: readonly CatalogVersion[],
  after: readonly CatalogVersion[],
): { comparability: ChangeComparability; note: string | null } {
  const pairs = before.flatMap((from) => after.map((to) => comparabilityBetween(indicator, from, to)));
  if (pairs.length === 0) return { comparability: "NOT_COMPARABLE", note: "no template version to compare" };
  const broken = pairs.find((pair) => !pair.comparable);
  if (broken) return { comparability: "NOT_COMPARABLE", note: broken.note };
  const approximate = pairs.find((pair) => !pair.exact);
  const mixed = before.length > 1 || after.length > 1 ? "reports on both templates are summed" : null;
  if (approximate) return { comparability: "APPROXIMATE", note: [approximate.note, mixed].filter(Boolean).join("; ") };
  return { comparability: "SAME", note: pairs.find((pair) => pair.note)?.note ?? mixed };
}

/** The condition that keeps only agencies with an AGENCY-scope report in every one of `years` (BALANCED). */
export function balancedCondition(years: readonly number[]): SqlPart {
  return {
    sql: `r.agency_id IN (SELECT b.agency_id FROM report b WHERE b.scope = 'AGENCY' AND b.year IN (${placeholders(years.length)}) GROUP BY b.agency_id HAVING COUNT(DISTINCT b.year) = ?)`,
    params: [...years, years.length],
  };
}

/** Per region and year, the agencies with an AGENCY-scope report counted (the cohort), as a map "subject|year" → ids. */
export async function regionReporters(dataSource: DataSource, subjects: readonly string[], where: readonly SqlPart[]): Promise<Map<string, number[]>> {
  const joins = regionSubjects(subjects);
  const condition = where.length > 0 ? where.map((part) => part.sql).join(" AND ") : "1 = 1";
  const rows: Array<Record<string, unknown>> = await dataSource.query(
    `SELECT DISTINCT s.subject AS subject, r.year AS year, r.agency_id AS agency_id FROM report r JOIN agency a ON a.id = r.agency_id ${joins.sql} WHERE ${condition} ORDER BY r.agency_id`,
    [...joins.params, ...where.flatMap((part) => part.params)],
  );
  const reporters = new Map<string, number[]>();
  for (const row of rows) {
    const key = `${String(row.subject)}|${Number(row.year)}`;
    reporters.set(key, [...(reporters.get(key) ?? []), Number(row.agency_id)]);
  }
  return reporters;
}

/** This year's reporters against last year's. */
export function cohortChange(now: readonly number[], before: readonly number[]): CohortChange {
  const previous = new Set(before);
  const current = new Set(now);
  return { reporters: now.length, entered: now.filter((id) => !previous.has(id)), left: before.filter((id) => !current.has(id)) };
}

/** A value and its change rounded once, to the documented precision (rates to 6 places, amounts to 4). */
function rounded(indicator: IndicatorRef, value: number | null, previousValue: number | null, meaningful: boolean) {
  const rate = indicator.kind === "DERIVED" && indicator.formula.denominator !== null;
  const places = rate ? RATE_PLACES : AMOUNT_PLACES;
  const shown = roundTo(value, places);
  const before = roundTo(previousValue, places);
  if (!meaningful || shown === null || before === null) return { value: shown, previousValue: before, change: null, relativeChange: null };
  const change = rate ? roundTo(shown - before, RATE_PLACES) : exactChange(shown, before);
  return { value: shown, previousValue: before, change, relativeChange: before !== 0 ? roundTo((shown - before) / before, RATE_PLACES) : null };
}

/**
 * Comparability of one value: no row, no previous year or no previous value is NO_PREVIOUS (never SAME); a template
 * that breaks the series NOT_COMPARABLE; a region whose reporting members changed REPORTERS_CHANGED.
 */
function valueComparability(
  indicator: IndicatorRef,
  row: ValueRow | undefined,
  previous: ValueRow | undefined,
  previousValue: number | null,
  cohort: CohortChange | null,
): { comparability: ChangeComparability; note: string | null } {
  if (!row) return { comparability: "NO_PREVIOUS", note: "no report for this year" };
  if (!previous) return { comparability: "NO_PREVIOUS", note: null };
  // A template change that breaks the series says why there is nothing to compare, before "no previous value".
  const templates = changeComparability(indicator, previous.versions, row.versions);
  if (templates.comparability === "NOT_COMPARABLE") return templates;
  if (previousValue === null) return { comparability: "NO_PREVIOUS", note: "no value the year before" };
  if (!cohort || (cohort.entered.length === 0 && cohort.left.length === 0)) return templates;
  const note = `reporting members changed: ${cohort.entered.length} entered, ${cohort.left.length} left`;
  return { comparability: "REPORTERS_CHANGED", note: [note, templates.note].filter(Boolean).join("; ") };
}

/** Compares subjects over years. Throws AnalyticsInputError or UnknownIndicatorError for bad input. */
export async function compare(dataSource: DataSource, input: CompareInput, budget?: StatementBudget): Promise<Comparison> {
  checkInput(input);
  const indicators = input.indicators.map(resolveIndicator);
  const years = [...new Set(input.years)].sort((a, b) => a - b);
  const queried = [...new Set([...years, ...years.map((year) => year - 1)])];
  const byAgency = (input.agencyIds?.length ?? 0) > 0;
  const subjects = byAgency ? (input.agencyIds ?? []).map(String) : [...(input.regionCodes ?? [])];
  // Agencies: their reports of any scope; regions: the AGENCY-scope reports in each subtree (the subject join).
  const where = selectionSql(byAgency ? { years: queried, agencyIds: subjects.map(Number) } : { years: queried, scope: "AGENCY" });
  if (!byAgency && input.cohort === "BALANCED") where.push(balancedCondition(years));
  const rows = await runValueQuery(
    dataSource,
    {
      indicators,
      column: input.column,
      totals: input.totals,
      joins: byAgency ? undefined : regionSubjects(subjects),
      where,
      keys: [
        { alias: "subject", sql: byAgency ? "r.agency_id" : "s.subject" },
        { alias: "year", sql: "r.year" },
      ],
    },
    budget,
  );
  const reporters = byAgency ? null : await regionReporters(dataSource, subjects, where);
  const found = new Map<string, ValueRow>(rows.map((row) => [`${row.keys.subject}|${Number(row.keys.year)}`, row]));
  const values: ComparedValue[] = [];
  for (const subject of subjects) {
    for (const year of years) {
      const row = found.get(`${subject}|${year}`);
      const previous = found.get(`${subject}|${year - 1}`);
      const cohort = reporters ? cohortChange(reporters.get(`${subject}|${year}`) ?? [], reporters.get(`${subject}|${year - 1}`) ?? []) : null;
      indicators.forEach((indicator, index) => {
        const value = row?.values[index].value ?? null;
        const previousValue = previous?.values[index].value ?? null;
        const { comparability, note } = valueComparability(indicator, row, previous, previousValue, previous ? cohort : null);
        const meaningful = comparability !== "NOT_COMPARABLE" && comparability !== "NO_PREVIOUS" && comparability !== "REPORTERS_CHANGED";
        values.push({
          subject,
          year,
          indicator: indicator.code,
          ...rounded(indicator, value, previousValue, meaningful),
          reportCount: row?.reportCount ?? 0,
          reportsIncluded: row?.values[index].reports ?? 0,
          templateVersions: row?.versions ?? [],
          comparability,
          note,
          quality: row?.values[index].quality ?? emptyQuality(input.totals),
          cohort,
        });
      });
    }
  }
  return { subjects, years, indicators, values };
}
