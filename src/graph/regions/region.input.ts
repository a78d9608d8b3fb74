import { Field, InputType } from "type-graphql";
import type { RegionLevel } from "../../domain/codes";
import { RegionLevelEnum } from "../core/domain.enum";

@InputType("RegionFilter", { description: "Which regions to list (行政区划筛选)." })
export class RegionFilter {
  @Field(() => String, { nullable: true, description: "Only the direct children of this region (上级行政区划代码)." })
  parentCode?: string | null;

  @Field(() => RegionLevelEnum, { nullable: true, description: "Only this level (级别)." })
  level?: RegionLevel | null;

  @Field(() => String, { nullable: true, description: "Only names containing this text (名称包含)." })
  nameContains?: string | null;
}
