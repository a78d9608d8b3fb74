import { Field, Float, ObjectType } from "type-graphql";
import type { DerivedIndicators } from "../../domain/derived-indicators";

/**
 * A report's derived indicators (`deriveIndicators` in domain/derived-indicators.ts), field for field: `implements`
 * makes the compiler reject a class that misses an indicator the domain defines.
 */
@ObjectType("DerivedIndicators", {
  description: "Indicators derived from a report's cells (派生指标), from the TOTAL column unless another is asked for. A zero denominator gives null.",
})
export class DerivedIndicatorsType implements DerivedIndicators {
  @Field(() => Float, { nullable: true, description: "New requests received (本年新收申请数) = NEW_RECEIVED." })
  requestsReceived: number | null;

  @Field(() => Float, { nullable: true, description: "Requests handled (本年办理数) = R_TOTAL." })
  requestsHandled: number | null;

  @Field(() => Float, { nullable: true, description: "Carried over from last year (上年结转) = CARRIED_OVER_IN." })
  carriedOver: number | null;

  @Field(() => Float, { nullable: true, description: "Carried forward to next year (结转下年) = CARRIED_FORWARD_OUT." })
  carriedForward: number | null;

  @Field(() => Float, { nullable: true, description: "Disclosure rate (公开率) = (R_DISCLOSED + R_PARTIAL) / R_TOTAL." })
  disclosureRate: number | null;

  @Field(() => Float, { nullable: true, description: "Full disclosure rate (全部公开率) = R_DISCLOSED / R_TOTAL." })
  fullDisclosureRate: number | null;

  @Field(() => Float, { nullable: true, description: "Withheld rate (不予公开率) = ΣWITHHELD_* / R_TOTAL." })
  withheldRate: number | null;

  @Field(() => Float, { nullable: true, description: "Unable rate (无法提供率) = ΣUNABLE_* / R_TOTAL." })
  unableRate: number | null;

  @Field(() => Float, { nullable: true, description: "Not-processed rate (不予处理率) = ΣNOT_PROCESSED_* / R_TOTAL." })
  notProcessedRate: number | null;

  @Field(() => Float, { nullable: true, description: "Legal-person share (法人或其他组织申请占比) = (NEW_RECEIVED − natural persons) / NEW_RECEIVED." })
  legalPersonShare: number | null;

  @Field(() => Float, { nullable: true, description: "Review correction rate (复议纠错率) = REVIEW.CORRECTED / (REVIEW.TOTAL − REVIEW.PENDING)." })
  reviewCorrectionRate: number | null;

  @Field(() => Float, { nullable: true, description: "Litigation correction rate (诉讼纠错率), both litigation groups together." })
  litigationCorrectionRate: number | null;

  @Field(() => Float, { nullable: true, description: "Dispute rate (争议率) = (review + litigation cases) / R_TOTAL." })
  disputeRate: number | null;
}
