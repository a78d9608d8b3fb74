import { Field, Int, ObjectType } from "type-graphql";
import { AnalyticsIndicatorType, ComparisonValueType } from "./analytics.type";

@ObjectType("ComparisonSubject", { description: "What a comparison row is about (比较对象): an agency or a region." })
export class ComparisonSubjectType {
  @Field({ description: "The agency's id or the region's code, as given (对象标识)." })
  key: string;

  agencyId: number | null;
  regionCode: string | null;
}

@ObjectType("ComparisonRow", { description: "One subject's values across years and indicators (比较行)." })
export class ComparisonRowType {
  @Field(() => ComparisonSubjectType, { description: "The subject (对象)." })
  subject: ComparisonSubjectType;

  @Field(() => [ComparisonValueType], { description: "Year by year, indicator by indicator, in the order asked (数值)." })
  values: ComparisonValueType[];
}

@ObjectType("Comparison", { description: "An aligned matrix: subjects × years × indicators (比较矩阵)." })
export class ComparisonType {
  @Field(() => [Int], { description: "The years, ascending (年度)." })
  years: number[];

  @Field(() => [AnalyticsIndicatorType], { description: "The indicators (指标)." })
  indicators: AnalyticsIndicatorType[];

  @Field(() => [ComparisonRowType], { description: "One row per subject, in the order asked (行)." })
  rows: ComparisonRowType[];
}
