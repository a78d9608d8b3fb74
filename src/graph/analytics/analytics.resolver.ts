import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { aggregateReports, type AggregateDimension } from "../../analytics/aggregate";
import { AnalyticsInputError, compare, type CohortChange, type CohortMode, type ComparedValue, type Comparison } from "../../analytics/compare";
import type { TotalsMode } from "../../analytics/printed-totals";
import { labelsOf, UnknownIndicatorError, type IndicatorRef } from "../../analytics/indicator-ref";
import { rankCohort, type RankingEntry } from "../../analytics/ranking";
import { rollUpRegion } from "../../analytics/rollup";
import { AnalyticsTimeoutError } from "../../analytics/statement-budget";
import type { AgencyKind, RegionLevel, ReportScope } from "../../domain/codes";
import type { Agency, Region, Report } from "../../entities";
import { AgencyType } from "../agencies/agency.type";
import { aggregateCost, compareCost, rankingCost, regionRollupCost, timeSeriesCost } from "../core/analytics-cost";
import { AggregateDimensionEnum, CohortModeEnum, TotalsModeEnum } from "./analytics.enum";
import { AggregateFilterInput, CompareSubjectsInput } from "./analytics.input";
import {
  AggregateGroupType,
  AnalyticsIndicatorType,
  COHORT_LISTED,
  CohortChangeType,
  ComparisonValueType,
  RankingEntryType,
  RankingType,
} from "./analytics.type";
import type { Context } from "../core/context";
import { AgencyKindEnum, RegionLevelEnum, ReportScopeEnum } from "../core/domain.enum";
import { BadUserInputError, ClientError } from "../core/errors";
import { checkRegionCode } from "../core/argument-checks";
import { numericKey, toGlobalId } from "../core/node";
import { APPLICANT_COLUMNS } from "../../domain/template-catalog";
import { quoteInput } from "../../domain/quote-input";
import { RegionType } from "../regions/region.type";
import { ReportType } from "../reports/report.type";
import { ComparisonSubjectType, ComparisonType } from "./comparison.type";
import { ReconciliationType, RegionRollupType } from "./region-rollup.type";

const APPLICANT_COLUMN_CODES: readonly string[] = APPLICANT_COLUMNS.map((entry) => entry.code);

/** Checks an applicant column against the catalog, naming the allowed codes. */
function checkColumn(column: string): string {
  if (!APPLICANT_COLUMN_CODES.includes(column))
    throw new BadUserInputError("column", `${quoteInput(column)} is not an applicant column; use one of ${APPLICANT_COLUMN_CODES.join(", ")}`);
  return column;
}

/** Checks a region code's form and that the region exists (an unknown code would answer an empty value, silently). */
async function knownRegion(loaders: Context["loaders"], argument: string, code: string): Promise<string> {
  checkRegionCode(argument, code);
  if (!(await loaders.regionByCode.load(code)))
    throw new BadUserInputError(argument, `${quoteInput(code)} is not a known region code; the regions query lists them`);
  return code;
}

function indicatorType(indicator: IndicatorRef): AnalyticsIndicatorType {
  return { code: indicator.code, kind: indicator.kind, ...labelsOf(indicator) };
}

/**
 * Turns analytics' input errors into BAD_USER_INPUT naming the argument as the schema spells it (`indicator` is the
 * argument an unknown indicator came in, `fallback` the one an error without its own names) and a statement out of
 * time into TIMEOUT.
 */
async function asClientErrors<T>(work: () => Promise<T>, indicatorArgument: string, fallback: string = indicatorArgument): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnknownIndicatorError) throw new BadUserInputError(indicatorArgument, error.message);
    if (error instanceof AnalyticsInputError) throw new BadUserInputError(error.argument ?? fallback, error.message);
    if (error instanceof AnalyticsTimeoutError) throw new ClientError("TIMEOUT", error.message);
    throw error;
  }
}

function toComparisonType(comparison: Comparison, byAgency: boolean): ComparisonType {
  // One pass over the values, grouped by subject (a filter per subject would read every value once per subject).
  const bySubject = new Map<string, ComparisonValueType[]>(comparison.subjects.map((subject) => [subject, []]));
  for (const value of comparison.values) bySubject.get(value.subject)?.push(toValueType(value));
  return {
    years: [...comparison.years],
    indicators: comparison.indicators.map(indicatorType),
    rows: comparison.subjects.map((subject) => ({
      subject: { key: subject, agencyId: byAgency ? Number(subject) : null, regionCode: byAgency ? null : subject },
      values: bySubject.get(subject)!,
    })),
  };
}

/** A cohort change in the graph's shape: counts, and the first COHORT_LISTED members as global ids. */
function toCohortType(change: CohortChange): CohortChangeType {
  const ids = (agencies: readonly number[]) => agencies.slice(0, COHORT_LISTED).map((id) => toGlobalId("Agency", id));
  return {
    reporters: change.reporters,
    enteredCount: change.entered.length,
    leftCount: change.left.length,
    enteredAgencyIds: ids(change.entered),
    leftAgencyIds: ids(change.left),
  };
}

/** A compared value in the graph's shape. */
function toValueType(value: ComparedValue): ComparisonValueType {
  return { ...value, templateVersions: [...value.templateVersions], cohort: value.cohort && toCohortType(value.cohort) };
}

/** Comparison and analytics queries: everything computed in SQL by src/analytics. */
@Resolver()
export class AnalyticsResolver {
  @Query(() => ComparisonType, {
    nullable: true,
    description:
      "Agencies or regions side by side over years (对比): each value with its change from the year before and whether it is comparable. Indicators are TABLE.ROW.COLUMN codes or derived indicator names.",
    complexity: compareCost,
  })
  async compare(
    @Arg("subjects", () => CompareSubjectsInput, { description: "Agencies or regions to compare (比较对象)." }) subjects: CompareSubjectsInput,
    @Arg("years", () => [Int], { description: "Years to show (年度)." }) years: number[],
    @Arg("indicators", () => [String], { description: "Indicators (指标)." }) indicators: string[],
    @Arg("column", () => String, { defaultValue: "TOTAL", description: "Applicant column for derived indicators (申请人类型)." }) column: string,
    @Arg("totals", () => TotalsModeEnum, { defaultValue: "PRINTED", description: "How failing printed totals are read (合计取值方式)." }) totals: TotalsMode,
    @Arg("cohort", () => CohortModeEnum, { defaultValue: "ALL", description: "Regions: which members are counted (成员口径)." }) cohort: CohortMode,
    @Ctx() { dataSource, budget, loaders }: Context,
  ): Promise<ComparisonType> {
    const agencyIds = subjects.agencyIds?.map((id, index) => numericKey(id, `subjects.agencyIds[${index}]`, "Agency"));
    const regionCodes = subjects.regionCodes
      ? await Promise.all(subjects.regionCodes.map((code, index) => knownRegion(loaders, `subjects.regionCodes[${index}]`, code)))
      : undefined;
    checkColumn(column);
    const comparison = await asClientErrors(
      () => compare(dataSource, { agencyIds, regionCodes, years, indicators, column, totals, cohort }, budget),
      "indicators",
      "subjects",
    );
    return toComparisonType(comparison, Boolean(agencyIds?.length));
  }

  @Query(() => [ComparisonValueType], {
    nullable: true,
    description: "One indicator of one agency or region by year, with year-on-year change (时间序列).",
    complexity: timeSeriesCost,
  })
  async timeSeries(
    @Arg("agencyId", () => ID, { nullable: true, description: "An agency (机关)." }) agencyId: string | null,
    @Arg("regionCode", () => String, { nullable: true, description: "Or a region (行政区划)." }) regionCode: string | null,
    @Arg("indicator", { description: "The indicator (指标)." }) indicator: string,
    @Arg("yearFrom", () => Int, { description: "First year (起始年度)." }) yearFrom: number,
    @Arg("yearTo", () => Int, { description: "Last year (截止年度)." }) yearTo: number,
    @Arg("totals", () => TotalsModeEnum, { defaultValue: "PRINTED", description: "How failing printed totals are read (合计取值方式)." }) totals: TotalsMode,
    @Arg("cohort", () => CohortModeEnum, { defaultValue: "ALL", description: "Regions: which members are counted (成员口径)." }) cohort: CohortMode,
    @Ctx() { dataSource, budget, loaders }: Context,
  ): Promise<ComparisonValueType[]> {
    if (Boolean(agencyId) === Boolean(regionCode)) throw new BadUserInputError("agencyId", "give either agencyId or regionCode, not both and not neither");
    if (yearTo < yearFrom || yearTo - yearFrom >= 30) throw new BadUserInputError("yearTo", "must be 0 to 29 years after yearFrom");
    const years = Array.from({ length: yearTo - yearFrom + 1 }, (_, index) => yearFrom + index);
    const region = regionCode ? await knownRegion(loaders, "regionCode", regionCode) : null;
    const comparison = await asClientErrors(
      () =>
        compare(
          dataSource,
          {
            agencyIds: agencyId ? [numericKey(agencyId, "agencyId", "Agency")] : undefined,
            regionCodes: regionCode ? [region!] : undefined,
            years,
            indicators: [indicator],
            totals,
            cohort,
          },
          budget,
        ),
      "indicator",
    );
    return comparison.values.map(toValueType);
  }

  @Query(() => RegionRollupType, {
    nullable: true,
    description: "A region's AGENCY-scope reports summed for a year, missing reporters, and reconciliation with its own aggregate report (辖区汇总).",
    complexity: regionRollupCost,
  })
  async regionRollup(
    @Arg("regionCode", { description: "The region (行政区划)." }) regionCode: string,
    @Arg("year", () => Int, { description: "The year (年度)." }) year: number,
    @Arg("indicators", () => [String], { description: "Indicators, at most 20 (指标)." }) indicators: string[],
    @Arg("totals", () => TotalsModeEnum, { defaultValue: "PRINTED", description: "How failing printed totals are read (合计取值方式)." }) totals: TotalsMode,
    @Ctx() { dataSource, budget, loaders }: Context,
  ): Promise<RegionRollupType> {
    if (indicators.length === 0 || indicators.length > 20) throw new BadUserInputError("indicators", "give 1 to 20 indicators");
    await knownRegion(loaders, "regionCode", regionCode);
    const rollup = await asClientErrors(
      () => rollUpRegion(dataSource, checkRegionCode("regionCode", regionCode), year, indicators, budget, totals),
      "indicators",
    );
    return {
      ...rollup,
      values: [...rollup.values],
      missingAgencies: [...rollup.missingAgencies],
      cohort: toCohortType(rollup.cohort),
      reconciliations: rollup.reconciliations.map((entry) => ({ reportId: entry.reportId, values: [...entry.values] })),
    };
  }

  @Query(() => RankingType, {
    nullable: true,
    description: "An indicator ranked within a cohort (same region subtree and/or agency kind, one year), with median and quartiles (排名与基准).",
    complexity: rankingCost,
  })
  async ranking(
    @Arg("indicator", { description: "The indicator (指标)." }) indicator: string,
    @Arg("year", () => Int, { description: "The year (年度)." }) year: number,
    @Arg("regionCode", () => String, { nullable: true, description: "Cohort: this region's subtree (行政区划)." }) regionCode: string | null,
    @Arg("agencyKind", () => AgencyKindEnum, { nullable: true, description: "Cohort: this agency kind (机关类型)." }) agencyKind: AgencyKind | null,
    @Arg("agencyKinds", () => [AgencyKindEnum], { nullable: true, description: "Cohort: any of these agency kinds (机关类型，可多选)." })
    agencyKinds: AgencyKind[] | null,
    @Arg("scope", () => ReportScopeEnum, { defaultValue: "AGENCY", description: "Cohort: reports of this scope; AGENCY by default (报告范围)." })
    scope: ReportScope,
    @Arg("totals", () => TotalsModeEnum, { defaultValue: "PRINTED", description: "How failing printed totals are read (合计取值方式)." }) totals: TotalsMode,
    @Arg("regionLevel", () => RegionLevelEnum, {
      nullable: true,
      description: "Rank the regions at this level, each the sum of its members' reports, instead of agencies (按区划级别排名).",
    })
    regionLevel: RegionLevel | null,
    @Arg("minCohortSize", () => Int, { defaultValue: 5, description: "Smallest cohort for which percentiles and quartiles are given (最小组规模)." })
    minCohortSize: number,
    @Arg("ascending", { defaultValue: false, description: "Rank the lowest value first (升序)." }) ascending: boolean,
    @Arg("first", () => Int, { defaultValue: 100, description: "How many entries to return, 1–1000 (返回条数)." }) first: number,
    @Ctx() { dataSource, budget, loaders }: Context,
  ): Promise<RankingType> {
    if (first < 1 || first > 1000) throw new BadUserInputError("first", `must be between 1 and 1000, got ${first}`);
    const cohortRegion = regionCode ? await knownRegion(loaders, "regionCode", regionCode) : null;
    const ranking = await asClientErrors(
      () =>
        rankCohort(
          dataSource,
          {
            indicator,
            year,
            regionCode: cohortRegion ?? undefined,
            agencyKind: agencyKind ?? undefined,
            agencyKinds: agencyKinds ?? undefined,
            scope,
            totals,
            regionLevel: regionLevel ?? undefined,
            minCohortSize,
            ascending,
            limit: first,
          },
          budget,
        ),
      "indicator",
    );
    return { ...ranking, indicator: indicatorType(ranking.indicator), entries: [...ranking.entries] };
  }

  @Query(() => [AggregateGroupType], {
    nullable: true,
    description: "Reports grouped by year, region, agency kind and/or template version, with indicators summed or as ratios of sums (分组汇总).",
    complexity: aggregateCost,
  })
  async aggregate(
    @Arg("filter", () => AggregateFilterInput, { nullable: true, description: "Which reports (筛选)." }) filter: AggregateFilterInput | null,
    @Arg("groupBy", () => [AggregateDimensionEnum], { description: "Dimensions (分组维度)." }) groupBy: AggregateDimension[],
    @Arg("regionLevel", () => RegionLevelEnum, { defaultValue: "PROVINCE", description: "Level that REGION groups at (区划级别)." }) regionLevel: RegionLevel,
    @Arg("indicators", () => [String], { description: "Indicators, at most 20 (指标)." }) indicators: string[],
    @Arg("totals", () => TotalsModeEnum, { defaultValue: "PRINTED", description: "How failing printed totals are read (合计取值方式)." }) totals: TotalsMode,
    @Ctx() { dataSource, budget, loaders }: Context,
  ): Promise<AggregateGroupType[]> {
    if (indicators.length === 0 || indicators.length > 20) throw new BadUserInputError("indicators", "give 1 to 20 indicators");
    const clean = Object.fromEntries(Object.entries(filter ?? {}).filter(([, value]) => value !== null && value !== undefined));
    if (typeof clean.regionCode === "string") await knownRegion(loaders, "filter.regionCode", clean.regionCode);
    const result = await asClientErrors(
      () => aggregateReports(dataSource, { filter: clean, groupBy, regionLevel, indicators, totals }, budget),
      "indicators",
      "groupBy",
    );
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
  @FieldResolver(() => AgencyType, { nullable: true, description: "The agency; null when ranking regions (机关)." })
  async agency(@Root() entry: RankingEntry, @Ctx() { loaders }: Context): Promise<Agency | null> {
    return entry.agencyId === null ? null : loaders.agencyById.load(entry.agencyId);
  }

  @FieldResolver(() => ReportType, { nullable: true, description: "Its report for the year; null when ranking regions (报告)." })
  async report(@Root() entry: RankingEntry, @Ctx() { loaders }: Context): Promise<Report | null> {
    return entry.reportId === null ? null : loaders.reportById.load(entry.reportId);
  }

  @FieldResolver(() => RegionType, { nullable: true, description: "The region, when ranking regions (行政区划)." })
  async region(@Root() entry: RankingEntry, @Ctx() { loaders }: Context): Promise<Region | null> {
    return entry.regionCode === null ? null : loaders.regionByCode.load(entry.regionCode);
  }
}

@Resolver(() => AggregateGroupType)
export class AggregateGroupResolver {
  @FieldResolver(() => RegionType, { nullable: true, description: "The region, when grouped by region (行政区划)." })
  async region(@Root() group: AggregateGroupType, @Ctx() { loaders }: Context): Promise<Region | null> {
    return group.regionCode === null ? null : loaders.regionByCode.load(group.regionCode);
  }
}
