import { Directive, Field, ObjectType } from "type-graphql";
import { CATALOG_CACHE } from "../core/cache-hints";
import type { RegionLevel } from "../../domain/codes";
import { Connection } from "../core/connection";
import { RegionLevelEnum } from "../core/domain.enum";
import { NodeInterface } from "../core/node.type";

/** A GB/T 2260 administrative division. */
@ObjectType("Region", { implements: NodeInterface, description: "An administrative division (行政区划) with its 6-digit GB/T 2260 code." })
@Directive(CATALOG_CACHE)
export class RegionType extends NodeInterface {
  @Field({ description: "6-digit division code (行政区划代码), e.g. 411602." })
  code: string;

  @Field({ description: "Name (名称), e.g. 川汇区." })
  name: string;

  @Field(() => RegionLevelEnum, { description: "Administrative level (级别)." })
  level: RegionLevel;

  parentCode: string | null;
}

export const RegionConnection = Connection(RegionType, "Region", "regions (行政区划)");
