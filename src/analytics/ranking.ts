import type { DataSource } from "typeorm";
import type { AgencyKind, RegionLevel, ReportScope } from "../domain/codes";
import { placesOf, RATE_PLACES, roundTo } from "./decimal-output";
import type { TotalsMode } from "./printed-totals";
import { selectionSql } from "../services/report-selection";
import { resolveIndicator, type IndicatorRef } from "./indicator-ref";
import { runBudgetedStatement, type StatementBudget } from "./statement-budget";
import { buildValueQuery, emptyQuality, type SqlPart, type ValueQuality } from "./value-query";

/**
 * Rankings and benchmarks within a cohort (agencies of one region subtree and/or kind, one year, AGENCY scope):
 * each agency's value, rank (1 = highest unless ascending), percentile (the share of the cohort at or below its
 * value, ×100), and the cohort's median and quartiles (linear interpolation). All computed in SQL with window
 * functions. Below `minCohortSize` percentiles and quartiles are not given: too few to mean anything.
 */
export interface RankingInput {
  readonly indicator: string;
  readonly year: number;
  readonly regionCode?: string;
  readonly agencyKind?: AgencyKind;
  /** Cohort: any of these agency kinds (with agencyKind, either). */
  readonly agencyKinds?: readonly AgencyKind[];
  /** Report scope of the cohort: AGENCY unless asked. */
  readonly scope?: ReportScope;
  /** PRINTED (default) or COMPONENTS: a total whose rule failed read as the sum of its components. */
  readonly totals?: TotalsMode;
  /** Rank the regions at this level (each the sum of its members' reports) instead of agencies. */
  readonly regionLevel?: RegionLevel;
  readonly minCohortSize?: number;
  readonly ascending?: boolean;
  readonly limit?: number;
  readonly column?: string;
}

/** An agency's (or, ranking regions, a region's) place: agencyId and reportId for an agency, regionCode for a region. */
export interface RankingEntry {
  readonly agencyId: number | null;
  readonly reportId: number | null;
  readonly regionCode: string | null;
  readonly value: number;
  readonly rank: number;
  readonly percentile: number | null;
  readonly quality: ValueQuality;
}

export interface Ranking {
  readonly indicator: IndicatorRef;
  readonly cohortSize: number;
  readonly minCohortSize: number;
  readonly median: number | null;
  readonly lowerQuartile: number | null;
  readonly upperQuartile: number | null;
  readonly entries: readonly RankingEntry[];
}

export const DEFAULT_MIN_COHORT = 5;

/** Significant digits of a region code at each level. */
export const REGION_DIGITS: Readonly<Record<RegionLevel, number>> = { PROVINCE: 2, CITY: 4, COUNTY: 6 };

/** The SQL key of an agency's region at a level: the code's significant digits. */
function regionKey(level: RegionLevel): string {
  return `SUBSTR(a.region_code, 1, ${REGION_DIGITS[level]})`;
}

function cohortValues(input: RankingInput, indicator: IndicatorRef): SqlPart {
  // The cohort: one year, one scope (AGENCY unless asked), optionally one region subtree and agency kinds.
  const kinds = [...(input.agencyKind ? [input.agencyKind] : []), ...(input.agencyKinds ?? [])];
  const where = selectionSql({ year: input.year, scope: input.scope ?? "AGENCY", regionCode: input.regionCode, agencyKinds: kinds.length > 0 ? kinds : null });
  // Ranking regions: only agencies at or under the level (a province's own agencies belong to no city).
  if (input.regionLevel && input.regionLevel !== "PROVINCE") {
    where.push({ sql: `SUBSTR(a.region_code, ${REGION_DIGITS[input.regionLevel] - 1}, 2) <> '00'`, params: [] });
  }
  const query = buildValueQuery({
    indicators: [indicator],
    column: input.column,
    totals: input.totals,
    where,
    keys: input.regionLevel
      ? [{ alias: "subject_key", sql: regionKey(input.regionLevel) }]
      : [
          { alias: "subject_key", sql: "r.agency_id" },
          { alias: "report_key", sql: "r.id" },
        ],
  });
  const report = input.regionLevel ? "NULL AS report_key" : "report_key";
  return { sql: `SELECT subject_key, ${report}, v0 AS value, k0, u0, f0, x0 FROM (${query.sql}) q WHERE v0 IS NOT NULL`, params: query.params };
}

/** The value at quantile q (0–1) of n sorted values numbered 1…n, interpolated linearly, in SQL. */
function quantile(q4: 1 | 2 | 3): string {
  // position p = 1 + q(n−1); with q = q4/4: floor part f = (q4(n−1) − q4(n−1) mod 4)/4, fraction (q4(n−1) mod 4)/4.
  const scaled = `(${q4} * (n - 1))`;
  const floor = `((${scaled} - (${scaled} % 4)) / 4)`;
  const fraction = `((${scaled} % 4) / 4.0)`;
  return `SUM(CASE WHEN rn = ${floor} + 1 THEN value * (1 - ${fraction}) WHEN rn = ${floor} + 2 THEN value * ${fraction} END)`;
}

/** Ranks a cohort. */
export async function rankCohort(dataSource: DataSource, input: RankingInput, budget?: StatementBudget): Promise<Ranking> {
  const indicator = resolveIndicator(input.indicator);
  const minCohortSize = input.minCohortSize ?? DEFAULT_MIN_COHORT;
  const cohort = cohortValues(input, indicator);
  const order = input.ascending ? "ASC" : "DESC";
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 1000);
  const ranked = await runBudgetedStatement(
    dataSource,
    `SELECT subject_key, report_key, value, k0, u0, f0, x0, RANK() OVER (ORDER BY value ${order}) AS rnk, COUNT(*) OVER (ORDER BY value ASC) AS at_or_below, COUNT(*) OVER () AS n FROM (${cohort.sql}) c ORDER BY rnk, subject_key LIMIT ${limit}`,
    cohort.params,
    budget,
  );
  const [stats] = await runBudgetedStatement(
    dataSource,
    `SELECT MAX(n) AS n, ${quantile(1)} AS q1, ${quantile(2)} AS q2, ${quantile(3)} AS q3 FROM (SELECT value, ROW_NUMBER() OVER (ORDER BY value ASC) AS rn, COUNT(*) OVER () AS n FROM (${cohort.sql}) c) sorted`,
    cohort.params,
    budget,
  );
  const cohortSize = Number(stats?.n ?? 0);
  const enough = cohortSize >= minCohortSize;
  const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    indicator,
    cohortSize,
    minCohortSize,
    median: enough ? roundTo(number(stats.q2), placesOf(indicator)) : null,
    lowerQuartile: enough ? roundTo(number(stats.q1), placesOf(indicator)) : null,
    upperQuartile: enough ? roundTo(number(stats.q3), placesOf(indicator)) : null,
    entries: ranked.map((row) => ({
      agencyId: input.regionLevel ? null : Number(row.subject_key),
      reportId: input.regionLevel ? null : Number(row.report_key),
      regionCode: input.regionLevel ? String(row.subject_key).padEnd(6, "0") : null,
      value: roundTo(Number(row.value), placesOf(indicator))!,
      rank: Number(row.rnk),
      quality: {
        ...emptyQuality(input.totals),
        reportsCounted: Number(row.k0),
        reportsWithUncertainInputs: Number(row.u0),
        reportsFailingInputRules: Number(row.f0),
        reportsWithComponentTotals: Number(row.x0),
      },
      // CUME_DIST as whole counts: MariaDB's CUME_DIST() is a DECIMAL with 10 places.
      percentile: enough ? roundTo((100 * Number(row.at_or_below)) / Number(row.n), RATE_PLACES) : null,
    })),
  };
}
