import { Field, ID, InputType, Int } from "type-graphql";
import type { AgencyKind, ReportScope, TemplateVersion } from "../../domain/codes";
import { AgencyKindEnum, ReportScopeEnum, TemplateVersionEnum } from "../core/domain.enum";

@InputType("CompareSubjectsInput", {
  description: "What to compare (比较对象): agencies, or regions (each the sum of the AGENCY-scope reports in its subtree).",
})
export class CompareSubjectsInput {
  @Field(() => [ID], { nullable: true, description: "Agency ids (机关)." })
  agencyIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: "6-digit region codes (行政区划)." })
  regionCodes?: string[] | null;
}

@InputType("AggregateFilterInput", { description: "Which reports to aggregate (汇总筛选); AGENCY scope unless `scope` says otherwise." })
export class AggregateFilterInput {
  @Field(() => String, { nullable: true, description: "Region subtree (行政区划及其下级)." })
  regionCode?: string | null;

  @Field(() => Int, { nullable: true, description: "From this year on (起始年度)." })
  yearFrom?: number | null;

  @Field(() => Int, { nullable: true, description: "Up to this year (截止年度)." })
  yearTo?: number | null;

  @Field(() => [AgencyKindEnum], { nullable: true, description: "Agency kinds (机关类型)." })
  agencyKinds?: AgencyKind[] | null;

  @Field(() => [TemplateVersionEnum], { nullable: true, description: "Template versions (模板版本)." })
  templateVersions?: TemplateVersion[] | null;

  @Field(() => ReportScopeEnum, { nullable: true, description: "Report scope; AGENCY by default (报告范围)." })
  scope?: ReportScope | null;
}
