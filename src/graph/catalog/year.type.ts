import { Field, Int, ObjectType } from "type-graphql";

@ObjectType("Year", { description: "A report year (报告年度) with the reports and agencies that have it." })
export class YearType {
  @Field(() => Int, { description: "The year the reports cover (年度)." })
  year: number;

  @Field(() => Int, { description: "How many reports cover it (报告数)." })
  reportCount: number;
}
