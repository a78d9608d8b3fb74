import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { aggregateReports, type AggregateDimension } from "../../analytics/aggregate";
import { AnalyticsInputError, compare, type Comparison } from "../../analytics/compare";
import { labelsOf, UnknownIndicatorError, type IndicatorRef } from "../../analytics/indicator-ref";
import { rankCohort, type RankingEntry } from "../../analytics/ranking";
import { rollUpRegion } from "../../analytics/rollup";
import { AnalyticsTimeoutError } from "../../analytics/statement-budget";
import type { AgencyKind, RegionLevel } from "../../domain/codes";
import type { Agency, Region, Report } from "../../entities";
import { AgencyType } from "../agencies/agency.type";
import { aggregateCost, compareCost, rankingCost, regionRollupCost, timeSeriesCost } from "../core/analytics-cost";
import { AggregateDimensionEnum } from "./analytics.enum";
import { AggregateFilterInput, CompareSubjectsInput } from "./analytics.input";
import { AggregateGroupType, AnalyticsIndicatorType, ComparisonValueType, RankingEntryType, RankingType } from "./analytics.type";
import type { Context } from "../core/context";
import { AgencyKindEnum, RegionLevelEnum } from "../core/domain.enum";
import { BadUserInputError, ClientError } from "../core/errors";
import { checkRegionCode } from "../core/argument-checks";
import { numericKey } from "../core/node";
import { RegionType } from "../regions/region.type";
import { ReportType } from "../reports/report.type";
import { ComparisonSubjectType, ComparisonType } from "./comparison.type";
import { ReconciliationType, RegionRollupType } from "./region-rollup.type";

function indicatorType(indicator: IndicatorRef): AnalyticsIndicatorType {
  return { code: indicator.code, kind: indicator.kind, ...labelsOf(indicator) };
}

/** Turns analytics' input errors into BAD_USER_INPUT and a statement out of time into TIMEOUT. */
async function asClientErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AnalyticsInputError || error instanceof UnknownIndicatorError) throw new BadUserInputError("input", error.message);
    if (error instanceof AnalyticsTimeoutError) throw new ClientError("TIMEOUT", error.message);
    throw error;
  }
}

function toComparisonType(comparison: Comparison, byAgency: boolean): ComparisonType {
  return {
    years: [...comparison.years],
    indicators: comparison.indicators.map(indicatorType),
    rows: comparison.subjects.map((subject) => ({
      subject: { key: subject, agencyId: byAgency ? Number(subject) : null, regionCode: byAgency ? null : subject },
      values: comparison.values.filter((value) => value.subject === subject).map((value) => ({ ...value, templateVersions: [...value.templateVersions] })),
    })),
  };
}

/** Comparison and analytics queries: everything computed in SQL by src/analytics. */
@Resolver()
export class AnalyticsResolver {
  @Query(() => ComparisonType, {
    description:
      "Agencies or regions side by side over years (对比): each value with its change from the year before and whether it is comparable. Indicators are TABLE.ROW.COLUMN codes or derived indicator names.",
    complexity: compareCost,
  })
  async compare(
    @Arg("subjects", () => CompareSubjectsInput) subjects: CompareSubjectsInput,
    @Arg("years", () => [Int], { description: "Years to show (年度)." }) years: number[],
    @Arg("indicators", () => [String], { description: "Indicators (指标)." }) indicators: string[],
    @Arg("column", () => String, { defaultValue: "TOTAL", description: "Applicant column for derived indicators (申请人类型)." }) column: string,
    @Ctx() { dataSource, budget }: Context,
  ): Promise<ComparisonType> {
    const agencyIds = subjects.agencyIds?.map((id, index) => numericKey(id, `subjects.agencyIds[${index}]`, "Agency"));
    const regionCodes = subjects.regionCodes?.map((code, index) => checkRegionCode(`subjects.regionCodes[${index}]`, code));
    const comparison = await asClientErrors(() => compare(dataSource, { agencyIds, regionCodes, years, indicators, column }, budget));
    return toComparisonType(comparison, Boolean(agencyIds?.length));
  }

  @Query(() => [ComparisonValueType], {
    description: "One indicator of one agency or region by year, with year-on-year change (时间序列).",
    complexity: timeSeriesCost,
  })
  async timeSeries(
    @Arg("agencyId", () => ID, { nullable: true, description: "An agency (机关)." }) agencyId: string | null,
    @Arg("regionCode", () => String, { nullable: true, description: "Or a region (行政区划)." }) regionCode: string | null,
    @Arg("indicator", { description: "The indicator (指标)." }) indicator: string,
    @Arg("yearFrom", () => Int, { description: "First year (起始年度)." }) yearFrom: number,
    @Arg("yearTo", () => Int, { description: "Last year (截止年度)." }) yearTo: number,
    @Ctx() { dataSource, budget }: Context,
  ): Promise<ComparisonValueType[]> {
    if (yearTo < yearFrom || yearTo - yearFrom >= 30) throw new BadUserInputError("yearTo", "must be 0 to 29 years after yearFrom");
    const years = Array.from({ length: yearTo - yearFrom + 1 }, (_, index) => yearFrom + index);
    const comparison = await asClientErrors(() =>
      compare(
        dataSource,
        {
          agencyIds: agencyId ? [numericKey(agencyId, "agencyId", "Agency")] : undefined,
          regionCodes: regionCode ? [checkRegionCode("regionCode", regionCode)] : undefined,
          years,
          indicators: [indicator],
        },
        budget,
      ),
    );
    return comparison.values.map((value) => ({ ...value, templateVersions: [...value.templateVersions] }));
  }

  @Query(() => RegionRollupType, {
    description: "A region's AGENCY-scope reports summed for a year, missing reporters, and reconciliation with its own aggregate report (辖区汇总).",
    complexity: regionRollupCost,
  })
  async regionRollup(
    @Arg("regionCode", { description: "The region (行政区划)." }) regionCode: string,
    @Arg("year", () => Int, { description: "The year (年度)." }) year: number,
    @Arg("indicators", () => [String], { description: "Indicators, at most 20 (指标)." }) indicators: string[],
    @Ctx() { dataSource, budget }: Context,
  ): Promise<RegionRollupType> {
    if (indicators.length === 0 || indicators.length > 20) throw new BadUserInputError("indicators", "give 1 to 20 indicators");
    const rollup = await asClientErrors(() => rollUpRegion(dataSource, checkRegionCode("regionCode", regionCode), year, indicators, budget));
    return {
      ...rollup,
      values: [...rollup.values],
      missingAgencies: [...rollup.missingAgencies],
      reconciliations: rollup.reconciliations.map((entry) => ({ reportId: entry.reportId, values: [...entry.values] })),
    };
  }

  @Query(() => RankingType, {
    description: "An indicator ranked within a cohort (same region subtree and/or agency kind, one year), with median and quartiles (排名与基准).",
    complexity: rankingCost,
  })
  async ranking(
    @Arg("indicator", { description: "The indicator (指标)." }) indicator: string,
    @Arg("year", () => Int, { description: "The year (年度)." }) year: number,
    @Arg("regionCode", () => String, { nullable: true, description: "Cohort: this region's subtree (行政区划)." }) regionCode: string | null,
    @Arg("agencyKind", () => AgencyKindEnum, { nullable: true, description: "Cohort: this agency kind (机关类型)." }) agencyKind: AgencyKind | null,
    @Arg("minCohortSize", () => Int, { defaultValue: 5, description: "Smallest cohort for which percentiles and quartiles are given (最小组规模)." })
    minCohortSize: number,
    @Arg("ascending", { defaultValue: false, description: "Rank the lowest value first (升序)." }) ascending: boolean,
    @Arg("first", () => Int, { defaultValue: 100, description: "How many entries to return, 1–1000 (返回条数)." }) first: number,
    @Ctx() { dataSource, budget }: Context,
  ): Promise<RankingType> {
    if (first < 1 || first > 1000) throw new BadUserInputError("first", `must be between 1 and 1000, got ${first}`);
    const ranking = await asClientErrors(() =>
      rankCohort(
        dataSource,
        {
          indicator,
          year,
          regionCode: regionCode ? checkRegionCode("regionCode", regionCode) : undefined,
          agencyKind: agencyKind ?? undefined,
          minCohortSize,
          ascending,
          limit: first,
        },
        budget,
      ),
    );
    return { ...ranking, indicator: indicatorType(ranking.indicator), entries: [...ranking.entries] };
  }

  @Query(() => [AggregateGroupType], {
    description: "Reports grouped by year, region, agency kind and/or template version, with indicators summed or as ratios of sums (分组汇总).",
    complexity: aggregateCost,
  })
  async aggregate(
    @Arg("filter", () => AggregateFilterInput, { nullable: true, description: "Which reports (筛选)." }) filter: AggregateFilterInput | null,
    @Arg("groupBy", () => [AggregateDimensionEnum], { description: "Dimensions (分组维度)." }) groupBy: AggregateDimension[],
    @Arg("regionLevel", () => RegionLevelEnum, { defaultValue: "PROVINCE", description: "Level that REGION groups at (区划级别)." }) regionLevel: RegionLevel,
    @Arg("indicators", () => [String], { description: "Indicators, at most 20 (指标)." }) indicators: string[],
    @Ctx() { dataSource, budget }: Context,
  ): Promise<AggregateGroupType[]> {
    if (indicators.length === 0 || indicators.length > 20) throw new BadUserInputError("indicators", "give 1 to 20 indicators");
    const clean = Object.fromEntries(Object.entries(filter ?? {}).filter(([, value]) => value !== null && value !== undefined));
    if (typeof clean.regionCode === "string") checkRegionCode("filter.regionCode", clean.regionCode);
    const result = await asClientErrors(() => aggregateReports(dataSource, { filter: clean, groupBy, regionLevel, indicators }, budget));
    return result.groups.map((group) => ({ ...group, values: [...group.values] }));
  }
}

@Resolver(() => ComparisonSubjectType)
export class ComparisonSubjectResolver {
  @FieldResolver(() => AgencyType, { nullable: true, description: "The agency, when the subject is one (机关)." })
  async agency(@Root() subject: ComparisonSubjectType, @Ctx() { loaders }: Context): Promise<Agency | null> {
    return subject.agencyId === null ? null : loaders.agencyById.load(subject.agencyId);
  }

  @FieldResolver(() => RegionType, { nullable: true, description: "The region, when the subject is one (行政区划)." })
  async region(@Root() subject: ComparisonSubjectType, @Ctx() { loaders }: Context): Promise<Region | null> {
    return subject.regionCode === null ? null : loaders.regionByCode.load(subject.regionCode);
  }
}

@Resolver(() => RegionRollupType)
export class RegionRollupResolver {
  @FieldResolver(() => RegionType, { nullable: true, description: "The region (行政区划)." })
  async region(@Root() rollup: RegionRollupType, @Ctx() { loaders }: Context): Promise<Region | null> {
    return loaders.regionByCode.load(rollup.regionCode);
  }
}

@Resolver(() => ReconciliationType)
export class ReconciliationResolver {
  @FieldResolver(() => ReportType, { description: "The aggregate report (汇总报告)." })
  async report(@Root() reconciliation: ReconciliationType, @Ctx() { loaders }: Context): Promise<Report> {
    return (await loaders.reportById.load(reconciliation.reportId))!;
  }
}

@Resolver(() => RankingEntryType)
export class RankingEntryResolver {
  @FieldResolver(() => AgencyType, { description: "The agency (机关)." })
  async agency(@Root() entry: RankingEntry, @Ctx() { loaders }: Context): Promise<Agency> {
    return (await loaders.agencyById.load(entry.agencyId))!;
  }

  @FieldResolver(() => ReportType, { description: "Its report for the year (报告)." })
  async report(@Root() entry: RankingEntry, @Ctx() { loaders }: Context): Promise<Report> {
    return (await loaders.reportById.load(entry.reportId))!;
  }
}

@Resolver(() => AggregateGroupType)
export class AggregateGroupResolver {
  @FieldResolver(() => RegionType, { nullable: true, description: "The region, when grouped by region (行政区划)." })
  async region(@Root() group: AggregateGroupType, @Ctx() { loaders }: Context): Promise<Region | null> {
    return group.regionCode === null ? null : loaders.regionByCode.load(group.regionCode);
  }
}
