import type { DataSource } from "typeorm";
import { Agency } from "../entities";
import { regionSubtreeCondition, selectionSql } from "../services/report-selection";
import { cohortChange, regionReporters, regionSubjects, type CohortChange } from "./compare";
import { resolveIndicator, type IndicatorRef } from "./indicator-ref";
import type { StatementBudget } from "./statement-budget";
import { placesOf, roundTo } from "./decimal-output";
import type { TotalsMode } from "./printed-totals";
import { emptyQuality, runValueQuery, type ValueQuality } from "./value-query";

/**
 * A region's rollup for a year: the sum of the AGENCY-scope reports of every agency in its subtree (a government's
 * whole-jurisdiction GOVERNMENT_AGGREGATE report is never added to its own members), how many reports went in,
 * which agencies that reported the year before are missing, and each aggregate report of the region itself beside
 * the members' sum with the difference (reconciliation).
 */
export interface RollupValue {
  readonly indicator: string;
  readonly value: number | null;
  readonly reportsIncluded: number;
  readonly quality: ValueQuality;
}

export interface Reconciliation {
  readonly reportId: number;
  readonly agencyId: number;
  readonly values: ReadonlyArray<{ indicator: string; reported: number | null; membersSum: number | null; difference: number | null }>;
}

export interface RegionRollup {
  readonly regionCode: string;
  readonly year: number;
  readonly indicators: readonly IndicatorRef[];
  readonly memberReportCount: number;
  readonly values: readonly RollupValue[];
  /** Agencies with an AGENCY-scope report the year before and none this year (at most MISSING_LISTED). */
  readonly missingAgencies: readonly Agency[];
  readonly missingAgencyCount: number;
  /** The members that reported this year against the year before: how many, and which entered or left. */
  readonly cohort: CohortChange;
  readonly reconciliations: readonly Reconciliation[];
}

export const MISSING_LISTED = 100;

async function missingAgencies(dataSource: DataSource, regionCode: string, year: number): Promise<{ agencies: Agency[]; count: number }> {
  const subtree = regionSubtreeCondition("agency.region_code", regionCode);
  const query = dataSource
    .getRepository(Agency)
    .createQueryBuilder("agency")
    .where(subtree.sql, { ...subtree.params })
    .andWhere("EXISTS (SELECT 1 FROM report p WHERE p.agency_id = agency.id AND p.year = :previous AND p.scope = 'AGENCY')", { previous: year - 1 })
    .andWhere("NOT EXISTS (SELECT 1 FROM report r WHERE r.agency_id = agency.id AND r.year = :year AND r.scope = 'AGENCY')", { year });
  const [agencies, count] = await Promise.all([query.clone().orderBy("agency.id", "ASC").limit(MISSING_LISTED).getMany(), query.getCount()]);
  return { agencies, count };
}

/** Rolls a region up for one year. */
export async function rollUpRegion(
  dataSource: DataSource,
  regionCode: string,
  year: number,
  indicatorCodes: readonly string[],
  budget?: StatementBudget,
  totals: TotalsMode = "PRINTED",
): Promise<RegionRollup> {
  const indicators = indicatorCodes.map(resolveIndicator);
  const [members] = await runValueQuery(
    dataSource,
    {
      indicators,
      totals,
      joins: regionSubjects([regionCode]),
      where: selectionSql({ year, scope: "AGENCY" }),
      keys: [{ alias: "subject", sql: "s.subject" }],
    },
    budget,
  );
  const aggregates = await runValueQuery(
    dataSource,
    {
      indicators,
      totals,
      // The region's own aggregate reports: agencies of exactly this region, not of its subtree.
      where: [...selectionSql({ year, scope: "GOVERNMENT_AGGREGATE" }), { sql: "a.region_code = ?", params: [regionCode] }],
      keys: [
        { alias: "report_key", sql: "r.id" },
        { alias: "agency_key", sql: "r.agency_id" },
      ],
    },
    budget,
  );
  const values = indicators.map((indicator, index) => ({
    indicator: indicator.code,
    value: roundTo(members?.values[index].value ?? null, placesOf(indicator)),
    reportsIncluded: members?.values[index].reports ?? 0,
    quality: members?.values[index].quality ?? emptyQuality(totals),
  }));
  const missing = await missingAgencies(dataSource, regionCode, year);
  const reporters = await regionReporters(dataSource, [regionCode], selectionSql({ years: [year - 1, year], scope: "AGENCY" }));
  const cohort = cohortChange(reporters.get(`${regionCode}|${year}`) ?? [], reporters.get(`${regionCode}|${year - 1}`) ?? []);
  return {
    regionCode,
    year,
    indicators,
    memberReportCount: members?.reportCount ?? 0,
    values,
    missingAgencies: missing.agencies,
    missingAgencyCount: missing.count,
    cohort,
    reconciliations: aggregates.map((row) => ({
      reportId: Number(row.keys.report_key),
      agencyId: Number(row.keys.agency_key),
      values: indicators.map((indicator, index) => {
        const reported = roundTo(row.values[index].value, placesOf(indicator));
        const membersSum = values[index].value;
        const difference = reported === null || membersSum === null ? null : roundTo(reported - membersSum, placesOf(indicator));
        return { indicator: indicator.code, reported, membersSum, difference };
      }),
    })),
  };
}
