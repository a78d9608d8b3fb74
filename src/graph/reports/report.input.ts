import { Field, ID, InputType, Int } from "type-graphql";
import type { AgencyKind, ReportScope, ReviewStatus, TemplateVersion } from "../../domain/codes";
import { ReviewStatusEnum } from "../revisions/revision.enum";
import { AgencyKindEnum, ReportScopeEnum, TemplateVersionEnum } from "../core/domain.enum";
import { OrderDirectionEnum } from "../core/order-direction.enum";
import { ReportOrderFieldEnum } from "./report.enum";

@InputType("ReportOrder", { description: "How to order reports; ties are broken by id in the same direction (报告排序)." })
export class ReportOrder {
  @Field(() => ReportOrderFieldEnum, { description: "What to order by (排序字段)." })
  field: keyof typeof ReportOrderFieldEnum;

  @Field(() => OrderDirectionEnum, { defaultValue: "ASC", description: "Ascending or descending (方向)." })
  direction: keyof typeof OrderDirectionEnum;
}

@InputType("ReportFilter", { description: "Which reports to list (报告筛选). Every field narrows the list." })
export class ReportFilter {
  @Field(() => String, {
    nullable: true,
    description: "Only agencies in this region or under it (行政区划及其下级), e.g. 320000 for all of 江苏省; a code no region has is refused.",
  })
  regionCode?: string | null;

  @Field(() => ID, { nullable: true, description: "Only this agency's reports (机关)." })
  agencyId?: string | null;

  @Field(() => Int, { nullable: true, description: "From this year on, inclusive (起始年度)." })
  yearFrom?: number | null;

  @Field(() => Int, { nullable: true, description: "Up to this year, inclusive (截止年度)." })
  yearTo?: number | null;

  @Field(() => [TemplateVersionEnum], { nullable: true, description: "Only these template versions (模板版本)." })
  templateVersions?: TemplateVersion[] | null;

  @Field(() => [AgencyKindEnum], { nullable: true, description: "Only agencies of these kinds (机关类型)." })
  agencyKinds?: AgencyKind[] | null;

  @Field(() => ReportScopeEnum, { nullable: true, description: "Only this scope (报告范围)." })
  scope?: ReportScope | null;

  @Field(() => String, { nullable: true, description: "Only agencies whose name contains this text (机关名称包含)." })
  agencyNameContains?: string | null;

  @Field(() => Boolean, { nullable: true, description: "True: only reports with validation errors; false: only those without (是否有校验错误)." })
  hasValidationErrors?: boolean | null;

  @Field(() => [String], {
    nullable: true,
    description: "Only reports with an issue of one of these rules: R1–R5, X1–X3, or a PARSE_… or META_… rule id; an unknown id is refused (未通过的规则).",
  })
  failingRules?: string[] | null;

  @Field(() => Date, {
    nullable: true,
    description: "Only reports whose latest revision was committed after this moment, for an incremental sync (此后有修订).",
  })
  updatedSince?: Date | null;

  @Field(() => [ReviewStatusEnum], { nullable: true, description: "Only reports in these review statuses (审核状态)." })
  reviewStatuses?: ReviewStatus[] | null;
}
