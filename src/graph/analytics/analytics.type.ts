import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { AgencyKind, RegionLevel, TemplateVersion } from "../../domain/codes";
import type { AggregateGroup } from "../../analytics/aggregate";
import type { ComparedValue } from "../../analytics/compare";
import type { RankingEntry } from "../../analytics/ranking";
import type { Reconciliation, RollupValue } from "../../analytics/rollup";
import { AgencyKindEnum, TemplateVersionEnum } from "../core/domain.enum";
import type { TotalsMode } from "../../analytics/printed-totals";
import type { ValueQuality } from "../../analytics/value-query";
import { ChangeComparabilityEnum, IndicatorKindEnum, TotalsModeEnum } from "./analytics.enum";

/**
 * Types of the comparison and analytics queries. Each one that carries a shape of src/analytics `implements` it, so
 * that a field added there and missed here (or the other way round) does not compile.
 */

@ObjectType("ValueQuality", {
  description:
    "How far an analytic value can be trusted, over the reports counted in it (数值质量). Values are rounded once, on output: rates and relative changes to 6 decimal places, counts and amounts to 4.",
})
export class ValueQualityType implements ValueQuality {
  @Field(() => Int, { description: "Reports counted in the value (计入报告数)." })
  reportsCounted: number;

  @Field(() => Int, { description: "Of those, reports with an UNCERTAIN or ILLEGIBLE input cell (含存疑或无法辨认输入的报告数)." })
  reportsWithUncertainInputs: number;

  @Field(() => Int, { description: "Of those, reports where an R1–R5 rule error involves an input cell (输入单元格违反校验规则的报告数)." })
  reportsFailingInputRules: number;

  @Field(() => Int, {
    description: "Of those, reports whose failing total was replaced by the sum of its components (totals: COMPONENTS) (以分项之和替代合计的报告数).",
  })
  reportsWithComponentTotals: number;

  @Field(() => Int, { description: "Input cells corrected by a person; always 0 until corrections exist (人工更正的输入数，目前恒为0)." })
  inputsCorrected: number;

  @Field(() => TotalsModeEnum, { description: "How failing totals were read (合计取值方式)." })
  totals: TotalsMode;
}

/** How many entered or left members a cohort change lists. */
export const COHORT_LISTED = 100;

@ObjectType("CohortChange", { description: "A region's reporting members this year against the year before (报送机关变化)." })
export class CohortChangeType {
  @Field(() => Int, { description: "Members with an AGENCY-scope report counted this year (本年报送机关数)." })
  reporters: number;

  @Field(() => [ID], { description: "Global ids of the members that entered, at most 100 (新增报送机关标识)." })
  enteredAgencyIds: string[];

  @Field(() => [ID], { description: "Global ids of the members that left, at most 100 (未再报送机关标识)." })
  leftAgencyIds: string[];

  @Field(() => Int, { description: "Members that reported this year but not the year before (新增报送机关数)." })
  enteredCount: number;

  @Field(() => Int, { description: "Members that reported the year before but not this year (未再报送机关数)." })
  leftCount: number;
}

@ObjectType("AnalyticsIndicator", { description: "An indicator as analytics computes it (分析指标)." })
export class AnalyticsIndicatorType {
  @Field({ description: "TABLE.ROW.COLUMN, or a derived indicator's name such as disclosureRate (指标代码)." })
  code: string;

  @Field(() => IndicatorKindEnum, { description: "Cell or derived (指标类型)." })
  kind: keyof typeof IndicatorKindEnum;

  @Field({ description: "Chinese label (中文名称)." })
  labelZh: string;

  @Field({ description: "English label (英文名称)." })
  labelEn: string;
}

@ObjectType("ComparisonValue", { description: "One value of a comparison (比较值): a subject's indicator in a year, with its change from the year before." })
export class ComparisonValueType implements Omit<ComparedValue, "subject" | "templateVersions" | "cohort"> {
  @Field(() => Int, { description: "Year (年度)." })
  year: number;

  @Field({ description: "Indicator code (指标代码)." })
  indicator: string;

  @Field(() => Float, { nullable: true, description: "The value; null when no report has the cells it needs (数值)." })
  value: number | null;

  @Field(() => Int, { description: "Reports of the subject that year (报告数)." })
  reportCount: number;

  @Field(() => Int, { description: "Reports that had every cell the indicator needs (计入报告数)." })
  reportsIncluded: number;

  @Field(() => [TemplateVersionEnum], { description: "Template versions of those reports (模板版本)." })
  templateVersions: TemplateVersion[];

  @Field(() => Float, { nullable: true, description: "The value the year before (上年数值)." })
  previousValue: number | null;

  @Field(() => Float, { nullable: true, description: "value − previousValue, only when comparable (变化量)." })
  change: number | null;

  @Field(() => Float, { nullable: true, description: "change / previousValue, only when comparable and previousValue ≠ 0 (变化率)." })
  relativeChange: number | null;

  @Field(() => ChangeComparabilityEnum, { description: "Whether the change means anything (可比性)." })
  comparability: keyof typeof ChangeComparabilityEnum;

  @Field(() => String, { nullable: true, description: "Why a change is approximate or not comparable (说明)." })
  note: string | null;

  @Field(() => ValueQualityType, { description: "The value's quality (数值质量)." })
  quality: ValueQualityType;

  @Field(() => CohortChangeType, {
    nullable: true,
    description: "For a region, its reporting members against the year before; null for an agency (报送机关变化).",
  })
  cohort: CohortChangeType | null;
}

@ObjectType("IndicatorValue", { description: "An indicator's value over a set of reports (指标值)." })
export class IndicatorValueType implements RollupValue {
  @Field({ description: "Indicator code (指标代码)." })
  indicator: string;

  @Field(() => Float, { nullable: true, description: "Sum of the reports' values, or the ratio of sums for a rate (数值)." })
  value: number | null;

  @Field(() => Int, { description: "Reports that had every cell the indicator needs (计入报告数)." })
  reportsIncluded: number;

  @Field(() => ValueQualityType, { description: "The value's quality (数值质量)." })
  quality: ValueQualityType;
}

/** One indicator of a reconciliation, as src/analytics/rollup.ts computes it. */
type ReconciledValue = Reconciliation["values"][number];

@ObjectType("ReconciliationValue", { description: "A government's own aggregate figure beside the sum of its members (汇总核对)." })
export class ReconciliationValueType implements ReconciledValue {
  @Field({ description: "Indicator code (指标代码)." })
  indicator: string;

  @Field(() => Float, { nullable: true, description: "As the aggregate report prints it (报告值)." })
  reported: number | null;

  @Field(() => Float, { nullable: true, description: "The sum over the member agencies' reports (成员合计)." })
  membersSum: number | null;

  @Field(() => Float, { nullable: true, description: "reported − membersSum (差额)." })
  difference: number | null;
}

@ObjectType("RankingEntry", { description: "An agency's place in its cohort, or a region's when ranking regions (排名)." })
export class RankingEntryType implements RankingEntry {
  agencyId: number | null;
  reportId: number | null;
  regionCode: string | null;

  @Field(() => Float, { description: "Its value (数值)." })
  value: number;

  @Field(() => Int, { description: "Rank, 1 = highest (or lowest when ascending); ties share a rank (名次)." })
  rank: number;

  @Field(() => Float, { nullable: true, description: "Share of the cohort at or below this value, ×100; null below the minimum cohort size (百分位)." })
  percentile: number | null;

  @Field(() => ValueQualityType, { description: "The value's quality (数值质量)." })
  quality: ValueQualityType;
}

@ObjectType("Ranking", { description: "An indicator ranked within a cohort of agencies for a year (同组排名与基准)." })
export class RankingType {
  @Field(() => AnalyticsIndicatorType, { description: "The indicator (指标)." })
  indicator: AnalyticsIndicatorType;

  @Field(() => Int, { description: "Agencies in the cohort with a value (组内机关数)." })
  cohortSize: number;

  @Field(() => Int, { description: "Below this size percentiles and quartiles are not given (最小组规模)." })
  minCohortSize: number;

  @Field(() => Float, { nullable: true, description: "Cohort median (中位数)." })
  median: number | null;

  @Field(() => Float, { nullable: true, description: "Cohort lower quartile (下四分位数)." })
  lowerQuartile: number | null;

  @Field(() => Float, { nullable: true, description: "Cohort upper quartile (上四分位数)." })
  upperQuartile: number | null;

  @Field(() => [RankingEntryType], { description: "Agencies by rank (排名列表)." })
  entries: RankingEntryType[];
}

@ObjectType("AggregateGroup", { description: "One group of an aggregate (汇总分组); a key is null when not grouped by." })
export class AggregateGroupType implements AggregateGroup {
  @Field(() => Int, { nullable: true, description: "Year (年度)." })
  year: number | null;

  regionCode: string | null;

  @Field(() => AgencyKindEnum, { nullable: true, description: "Agency kind (机关类型)." })
  agencyKind: AgencyKind | null;

  @Field(() => TemplateVersionEnum, { nullable: true, description: "Template version (模板版本)." })
  templateVersion: TemplateVersion | null;

  @Field(() => Int, { description: "Reports in the group (报告数)." })
  reportCount: number;

  @Field(() => [IndicatorValueType], { description: "The indicators (指标值)." })
  values: IndicatorValueType[];
}

export type { RegionLevel };
