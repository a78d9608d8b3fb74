import { registerEnumType } from "type-graphql";
import { COPY_STATUSES } from "../../entities";
import { REVIEW_REASONS } from "../../services/review-queue";

function enumOf<T extends string>(values: readonly T[]): Record<T, T> {
  return Object.fromEntries(values.map((value) => [value, value])) as Record<T, T>;
}

export const ReviewReasonEnum = enumOf(REVIEW_REASONS);
registerEnumType(ReviewReasonEnum, {
  name: "ReviewReason",
  description: "Why a report is in the review queue (待审原因).",
  valuesConfig: {
    FLAGGED_CELLS: { description: "Cells the parser could not settle: UNCERTAIN or ILLEGIBLE (存疑单元格)." },
    FAILED_RULES: { description: "The template's arithmetic fails: R1–R5 issues of severity error (勾稽关系错误)." },
    DISPUTED_CORRECTIONS: { description: "The parser's latest reading disputes a person's standing correction (更正与解析不一致)." },
    DIVERGENT_COPY: { description: "A copy from a second source disagrees with the served report (副本不一致)." },
    CHANGED_SINCE_VERIFIED: { description: "A person verified the report, and it changed since: NEEDS_REVIEW (核验后有变动)." },
  },
});

export const CopyStatusEnum = enumOf(COPY_STATUSES);
registerEnumType(CopyStatusEnum, {
  name: "CopyStatus",
  description: "How a second source's copy compares with the served report, when it came (副本比对结果).",
  valuesConfig: {
    DIVERGENT: { description: "It disagrees in at least one cell; the report was sent to review (不一致)." },
    AGREES: { description: "It agrees in every cell: a second source confirms the report (一致)." },
  },
});
