import { Field, InputType } from "type-graphql";
import type { ValueState } from "../../domain/codes";
import { ValueStateEnum } from "../core/domain.enum";

@InputType("CellFilter", { description: "Which cells of a report to list (单元格筛选)." })
export class CellFilter {
  @Field(() => String, { nullable: true, description: "Only this table, e.g. APPLICATIONS; an unknown code is refused (表代码)." })
  tableCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only this row of the table, e.g. R_TOTAL (行代码)." })
  rowCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only this column of the table, e.g. TOTAL (列代码)." })
  columnCode?: string | null;

  @Field(() => [ValueStateEnum], { nullable: true, description: "Only these states (取值状态)." })
  states?: ValueState[] | null;
}
