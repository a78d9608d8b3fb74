import { Field, ObjectType } from "type-graphql";
import type { RegionLevel } from "../domain/codes";
import { RegionLevelEnum } from "./enums";

/** A GB/T 2260 administrative division. */
@ObjectType("Region", { description: "An administrative division (行政区划) with its 6-digit GB/T 2260 code." })
export class RegionType {
  @Field({ description: "6-digit division code (行政区划代码), e.g. 411602." })
  code: string;

  @Field({ description: "Name (名称), e.g. 川汇区." })
  name: string;

  @Field(() => RegionLevelEnum, { description: "Administrative level (级别)." })
  level: RegionLevel;

  parentCode: string | null;
}
