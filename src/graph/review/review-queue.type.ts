import { Field, Float, Int, ObjectType } from "type-graphql";
import type { ReviewQueueEntry, ReviewReason } from "../../services/review-queue";
import { Connection } from "../core/connection";
import { listCost } from "../core/query-cost";
import { ReviewReasonEnum } from "./review-queue.enum";

@ObjectType("FailedRule", { description: "A rule of the template's arithmetic (R1–R5) that a report fails (未通过的规则)." })
export class FailedRuleType {
  @Field({ description: "R1…R5 (规则)." })
  rule: string;

  @Field({ description: "What fails, with the numbers (说明)." })
  message: string;

  @Field(() => [String], { description: "TABLE.ROW.COLUMN codes of the cells involved (涉及单元格).", complexity: listCost(10) })
  cells: string[];

  @Field(() => Int, { nullable: true, description: "Line of the source text, when known (原文行号)." })
  line: number | null;
}

@ObjectType("ReviewQueueEntry", { description: "A report in the review queue, with why it is there and how much it matters (待审报告)." })
export class ReviewQueueEntryType {
  @Field(() => Float, {
    description:
      "How much the report's open questions matter (影响分): 1 per flagged cell + 3 per failed R1–R5 rule + 5 per disputed correction + 2 per cell where a divergent copy disagrees + 1 when the report is NEEDS_REVIEW; a whole number. The queue lists the highest first, then by report id.",
  })
  impact: number;

  @Field(() => [ReviewReasonEnum], {
    description: "Why the report is queued, in the enum's order; empty only for a NEEDS_REVIEW report with nothing else open (待审原因).",
  })
  reasons: ReviewReason[];

  @Field(() => Int, { description: "Cells UNCERTAIN or ILLEGIBLE (存疑单元格数)." })
  flaggedCellCount: number;

  @Field(() => Int, { description: "R1–R5 issues of severity error (规则错误数)." })
  failedRuleCount: number;

  @Field(() => Int, { description: "Standing corrections the parser disputes (被质疑更正数)." })
  disputedCorrectionCount: number;

  @Field(() => Int, { description: "Cells where a divergent copy disagrees, over all its divergent copies (副本差异单元格数)." })
  disagreeingCellCount: number;

  /** The report's database id; `report` is resolved from it. */
  reportId: number;
}

/** The entry the resolver answers, from the service's entry. */
export function toQueueEntry(entry: ReviewQueueEntry): ReviewQueueEntryType {
  return Object.assign(new ReviewQueueEntryType(), {
    reportId: entry.reportId,
    impact: entry.impact,
    reasons: [...entry.reasons],
    flaggedCellCount: entry.flaggedCells,
    failedRuleCount: entry.failedRules,
    disputedCorrectionCount: entry.disputedCorrections,
    disagreeingCellCount: entry.disagreeingCells,
  });
}

export const ReviewQueueConnection = Connection(ReviewQueueEntryType, "ReviewQueue", "reports to review, by impact (待审队列分页)");
