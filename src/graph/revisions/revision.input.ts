import { Field, Float, InputType } from "type-graphql";
import type { CorrectableState } from "../../domain/codes";
import { CorrectableStateEnum } from "./revision.enum";

@InputType("CellCorrectionInput", { description: "One cell's correction: exactly one of `value` and `state`, and why (单元格更正)." })
export class CellCorrectionInput {
  @Field({ description: "TABLE.ROW.COLUMN code of a cell the report's template version prints (单元格代码)." })
  cell: string;

  @Field(() => Float, { nullable: true, description: "The value read from the published document (更正值)." })
  value?: number | null;

  @Field(() => CorrectableStateEnum, { nullable: true, description: "The state read instead of a value (更正状态)." })
  state?: CorrectableState | null;

  @Field({ description: "Why, in words; required (更正原因)." })
  reason: string;

  @Field(() => String, { nullable: true, description: "Where it was read: a page of the PDF, a URL, a letter (依据)." })
  evidence?: string | null;
}
