import { Field, ID, InputType, Int } from "type-graphql";
import type { ReviewStatus, TemplateVersion } from "../../domain/codes";
import type { ReviewReason } from "../../services/review-queue";
import { TemplateVersionEnum } from "../core/domain.enum";
import { ReviewStatusEnum } from "../revisions/revision.enum";
import { ReviewReasonEnum } from "./review-queue.enum";

@InputType("ReviewQueueFilter", { description: "Which reports of the review queue to list (待审队列筛选). Every field narrows the list." })
export class ReviewQueueFilter {
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

  @Field(() => [ReviewStatusEnum], {
    nullable: true,
    description: "Only reports of these review statuses: UNREVIEWED or NEEDS_REVIEW; a VERIFIED report is never queued, so VERIFIED is refused (审核状态).",
  })
  reviewStatuses?: ReviewStatus[] | null;

  @Field(() => [ReviewReasonEnum], { nullable: true, description: "Only reports with at least one of these reasons (待审原因)." })
  reasons?: ReviewReason[] | null;
}
