import type { DataSource } from "typeorm";
import type { AgencyKind, RegionLevel, ReportScope, TemplateVersion } from "../domain/codes";
import { selectionSql } from "../services/report-selection";
import { AnalyticsInputError } from "./compare";
import { resolveIndicator, type IndicatorRef } from "./indicator-ref";
import type { StatementBudget } from "./statement-budget";
import { placesOf, roundTo } from "./decimal-output";
import type { TotalsMode } from "./printed-totals";
import { runValueQuery, type SqlPart, type ValueQuality } from "./value-query";

/**
 * Grouped aggregates: reports grouped by year, region (at a level), agency kind and/or template version, with each
 * indicator summed (counts) or as a ratio of sums (rates). AGENCY-scope reports only, unless the filter asks for
 * another scope: adding a government's aggregate report to its members would count them twice.
 */
export const AGGREGATE_DIMENSIONS = ["YEAR", "REGION", "AGENCY_KIND", "TEMPLATE_VERSION"] as const;
export type AggregateDimension = (typeof AGGREGATE_DIMENSIONS)[number];

export interface AggregateFilter {
  readonly regionCode?: string;
  readonly yearFrom?: number;
  readonly yearTo?: number;
  readonly agencyKinds?: readonly AgencyKind[];
  readonly templateVersions?: readonly TemplateVersion[];
  readonly scope?: ReportScope;
}

export interface AggregateInput {
  readonly filter: AggregateFilter;
  readonly groupBy: readonly AggregateDimension[];
  /** The level REGION groups at (PROVINCE unless asked). */
  readonly regionLevel?: RegionLevel;
  readonly indicators: readonly string[];
  /** PRINTED (default) or COMPONENTS: a total whose rule failed read as the sum of its components. */
  readonly totals?: TotalsMode;
}

export interface AggregateGroup {
  readonly year: number | null;
  readonly regionCode: string | null;
  readonly agencyKind: AgencyKind | null;
  readonly templateVersion: TemplateVersion | null;
  readonly reportCount: number;
  readonly values: ReadonlyArray<{ indicator: string; value: number | null; reportsIncluded: number; quality: ValueQuality }>;
}

const REGION_DIGITS: Readonly<Record<RegionLevel, number>> = { PROVINCE: 2, CITY: 4, COUNTY: 6 };
export const MAX_GROUPS = 2000;

function filterConditions(filter: AggregateFilter): SqlPart[] {
  return selectionSql({ ...filter, scope: filter.scope ?? "AGENCY" });
}

/** Aggregates reports by the chosen dimensions, in key order. */
export async function aggregateReports(
  dataSource: DataSource,
  input: AggregateInput,
  budget?: StatementBudget,
): Promise<{ indicators: IndicatorRef[]; groups: AggregateGroup[] }> {
  const indicators = input.indicators.map(resolveIndicator);
  const digits = REGION_DIGITS[input.regionLevel ?? "PROVINCE"];
  const keySql: Record<AggregateDimension, string> = {
    YEAR: "r.year",
    REGION: `SUBSTR(a.region_code, 1, ${digits})`,
    AGENCY_KIND: "a.kind",
    TEMPLATE_VERSION: "r.template_version",
  };
  const dimensions = [...new Set(input.groupBy)];
  const rows = await runValueQuery(
    dataSource,
    {
      indicators,
      totals: input.totals,
      where: filterConditions(input.filter),
      keys: dimensions.map((dimension) => ({ alias: `k_${dimension.toLowerCase()}`, sql: keySql[dimension] })),
    },
    budget,
  );
  const key = (row: (typeof rows)[number], dimension: AggregateDimension) => (dimensions.includes(dimension) ? row.keys[`k_${dimension.toLowerCase()}`] : null);
  const groups = rows
    .map((row) => {
      const region = key(row, "REGION");
      return {
        year: key(row, "YEAR") === null ? null : Number(key(row, "YEAR")),
        regionCode: region === null ? null : String(region).padEnd(6, "0"),
        agencyKind: key(row, "AGENCY_KIND") as AgencyKind | null,
        templateVersion: key(row, "TEMPLATE_VERSION") as TemplateVersion | null,
        reportCount: row.reportCount,
        values: indicators.map((indicator, index) => ({
          indicator: indicator.code,
          value: roundTo(row.values[index].value, placesOf(indicator)),
          reportsIncluded: row.values[index].reports,
          quality: row.values[index].quality,
        })),
      };
    })
    .sort((a, b) =>
      String([a.year, a.regionCode, a.agencyKind, a.templateVersion]).localeCompare(String([b.year, b.regionCode, b.agencyKind, b.templateVersion])),
    );
  if (groups.length > MAX_GROUPS)
    throw new AnalyticsInputError(`the aggregate has ${groups.length} groups, more than ${MAX_GROUPS}: group by fewer dimensions or a coarser region level`);
  return { indicators, groups };
}
