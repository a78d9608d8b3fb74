import type { DataSource } from "typeorm";
import type { AgencyKind } from "../domain/codes";
import { selectionSql } from "../services/report-selection";
import { resolveIndicator, type IndicatorRef } from "./indicator-ref";
import { runBudgetedStatement, type StatementBudget } from "./statement-budget";
import { buildValueQuery, type SqlPart } from "./value-query";

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
  readonly minCohortSize?: number;
  readonly ascending?: boolean;
  readonly limit?: number;
  readonly column?: string;
}

export interface RankingEntry {
  readonly agencyId: number;
  readonly reportId: number;
  readonly value: number;
  readonly rank: number;
  readonly percentile: number | null;
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

function cohortValues(input: RankingInput, indicator: IndicatorRef): SqlPart {
  // The cohort: one year, AGENCY scope, optionally one region subtree and one agency kind.
  const where = selectionSql({ year: input.year, scope: "AGENCY", regionCode: input.regionCode, agencyKinds: input.agencyKind ? [input.agencyKind] : null });
  const query = buildValueQuery({
    indicators: [indicator],
    column: input.column,
    where,
    keys: [
      { alias: "agency_key", sql: "r.agency_id" },
      { alias: "report_key", sql: "r.id" },
    ],
  });
  return { sql: `SELECT agency_key, report_key, v0 AS value FROM (${query.sql}) q WHERE v0 IS NOT NULL`, params: query.params };
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
    `SELECT agency_key, report_key, value, RANK() OVER (ORDER BY value ${order}) AS rnk, COUNT(*) OVER (ORDER BY value ASC) AS at_or_below, COUNT(*) OVER () AS n FROM (${cohort.sql}) c ORDER BY rnk, agency_key LIMIT ${limit}`,
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
    median: enough ? number(stats.q2) : null,
    lowerQuartile: enough ? number(stats.q1) : null,
    upperQuartile: enough ? number(stats.q3) : null,
    entries: ranked.map((row) => ({
      agencyId: Number(row.agency_key),
      reportId: Number(row.report_key),
      value: Number(row.value),
      rank: Number(row.rnk),
      // CUME_DIST as whole counts: MariaDB's CUME_DIST() is a DECIMAL with 10 places.
      percentile: enough ? (100 * Number(row.at_or_below)) / Number(row.n) : null,
    })),
  };
}
