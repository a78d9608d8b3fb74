import { Field, Int, ObjectType } from "type-graphql";
import type { ScopeEvidenceKind } from "../../domain/codes";
import type { ScopeEvidence } from "../../parse/scope-evidence";
import { ScopeEvidenceKindEnum } from "./scope.enum";

/** One piece of evidence the parser's reading of a report's scope rests on. */
@ObjectType("ScopeEvidence", { description: "One piece of evidence for a report's scope (报告范围证据)." })
export class ScopeEvidenceType implements ScopeEvidence {
  @Field(() => ScopeEvidenceKindEnum, { description: "What kind of evidence it is (证据类型)." })
  kind: ScopeEvidenceKind;

  @Field({ description: "The phrase as printed, white space removed, or the agency name for name evidence (原文短语)." })
  phrase: string;

  @Field(() => Int, { nullable: true, description: "Line of the source text where the phrase starts; null for name evidence (原文行号)." })
  line: number | null;

  @Field(() => Int, { description: "Weight: positive toward GOVERNMENT_AGGREGATE, negative toward AGENCY (权重)." })
  weight: number;
}
