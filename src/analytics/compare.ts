import type { DataSource } from "typeorm";
import type { TabularVersion } from "../domain/codes";
import { regionSubtreePattern, selectionSql } from "../services/report-selection";
import { comparabilityBetween, resolveIndicator, type IndicatorRef } from "./indicator-ref";
import type { StatementBudget } from "./statement-budget";
import { runValueQuery, type SqlPart, type ValueRow } from "./value-query";
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
}

/** How a value compares with the year before. */
export type ChangeComparability = "SAME" | "APPROXIMATE" | "NOT_COMPARABLE" | "NO_PREVIOUS";

export interface ComparedValue {
  readonly subject: string;
  readonly year: number;
  readonly indicator: string;
  readonly value: number | null;
  /** Reports of the subject in that year; for a region, the AGENCY-scope reports in its subtree. */
  readonly reportCount: number;
  /** Of those, how many had every cell the indicator needs. */
  readonly reportsIncluded: number;
  readonly templateVersions: readonly TabularVersion[];
  readonly previousValue: number | null;
  readonly change: number | null;
  readonly relativeChange: number | null;
  readonly comparability: ChangeComparability;
  readonly note: string | null;
}

export interface Comparison {
  readonly subjects: readonly string[];
  readonly years: readonly number[];
  readonly indicators: readonly IndicatorRef[];
  readonly values: readonly ComparedValue[];
}

/** An analytics request out of bounds, with the reason (a client error). */
export class AnalyticsInputError extends Error {}

export const COMPARE_LIMITS = { subjects: 1000, years: 30, indicators: 20, cells: 100_000 } as const;

/** The subject join and conditions for regions: each region matches the agencies in its subtree. */
export function regionSubjects(codes: readonly string[]): SqlPart {
  const rows = codes.map(() => "SELECT ? AS subject, ? AS prefix").join(" UNION ALL ");
  return { sql: `JOIN (${rows}) s ON a.region_code LIKE s.prefix`, params: codes.flatMap((code) => [code, regionSubtreePattern(code)]) };
}

function checkInput(input: CompareInput): void {
  const subjects = (input.agencyIds?.length ?? 0) + (input.regionCodes?.length ?? 0);
  if ((input.agencyIds?.length ?? 0) > 0 === (input.regionCodes?.length ?? 0) > 0)
    throw new AnalyticsInputError("give either agencies or regions to compare, not both and not neither");
  if (subjects > COMPARE_LIMITS.subjects) throw new AnalyticsInputError(`at most ${COMPARE_LIMITS.subjects} subjects, got ${subjects}`);
  if (input.years.length === 0 || input.years.length > COMPARE_LIMITS.years) throw new AnalyticsInputError(`give 1 to ${COMPARE_LIMITS.years} years`);
  if (input.indicators.length === 0 || input.indicators.length > COMPARE_LIMITS.indicators)
    throw new AnalyticsInputError(`give 1 to ${COMPARE_LIMITS.indicators} indicators`);
  if (subjects * input.years.length * input.indicators.length > COMPARE_LIMITS.cells) {
    throw new AnalyticsInputError(
      `subjects × years × indicators is ${subjects * input.years.length * input.indicators.length}; the limit is ${COMPARE_LIMITS.cells}`,
    );
  }
  for (const code of input.regionCodes ?? []) if (!/^\d{6}$/.test(code)) throw new AnalyticsInputError(`${quoteInput(code)} is not a 6-digit region code`);
}

/** Whether a change between two years' template versions is meaningful for an indicator. */
function changeComparability(
  indicator: IndicatorRef,
  before: readonly TabularVersion[],
  after: readonly TabularVersion[],
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

/** Compares subjects over years. Throws AnalyticsInputError or UnknownIndicatorError for bad input. */
export async function compare(dataSource: DataSource, input: CompareInput, budget?: StatementBudget): Promise<Comparison> {
  checkInput(input);
  const indicators = input.indicators.map(resolveIndicator);
  const years = [...new Set(input.years)].sort((a, b) => a - b);
  const queried = [...new Set([...years, ...years.map((year) => year - 1)])];
  const byAgency = (input.agencyIds?.length ?? 0) > 0;
  const subjects = byAgency ? (input.agencyIds ?? []).map(String) : [...(input.regionCodes ?? [])];
  const rows = await runValueQuery(
    dataSource,
    {
      indicators,
      column: input.column,
      joins: byAgency ? undefined : regionSubjects(subjects),
      // Agencies: their reports of any scope; regions: the AGENCY-scope reports in each subtree (the subject join).
      where: selectionSql(byAgency ? { years: queried, agencyIds: subjects.map(Number) } : { years: queried, scope: "AGENCY" }),
      keys: [
        { alias: "subject", sql: byAgency ? "r.agency_id" : "s.subject" },
        { alias: "year", sql: "r.year" },
      ],
    },
    budget,
  );
  const found = new Map<string, ValueRow>(rows.map((row) => [`${row.keys.subject}|${Number(row.keys.year)}`, row]));
  const values: ComparedValue[] = [];
  for (const subject of subjects) {
    for (const year of years) {
      const row = found.get(`${subject}|${year}`);
      const previous = found.get(`${subject}|${year - 1}`);
      indicators.forEach((indicator, index) => {
        const value = row?.values[index].value ?? null;
        const previousValue = previous?.values[index].value ?? null;
        const { comparability, note } = !row
          ? { comparability: "NO_PREVIOUS" as const, note: "no report for this year" }
          : !previous
            ? { comparability: "NO_PREVIOUS" as const, note: null }
            : changeComparability(indicator, previous.versions, row.versions);
        const meaningful = (comparability === "SAME" || comparability === "APPROXIMATE") && value !== null && previousValue !== null;
        values.push({
          subject,
          year,
          indicator: indicator.code,
          value,
          reportCount: row?.reportCount ?? 0,
          reportsIncluded: row?.values[index].reports ?? 0,
          templateVersions: row?.versions ?? [],
          previousValue,
          change: meaningful ? value - previousValue : null,
          relativeChange: meaningful && previousValue !== 0 ? (value - previousValue) / previousValue : null,
          comparability,
          note,
        });
      });
    }
  }
  return { subjects, years, indicators, values };
}
