import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { MoreThan, type FindOptionsWhere } from "typeorm";
import type { RegionLevel } from "../domain/codes";
import { Region } from "../entities";
import type { Context } from "./context";
import { RegionLevelEnum } from "./enums";
import { BadUserInputError, NotFoundError } from "./errors";
import { PageArgs, pageSize } from "./pagination";
import { RegionType } from "./region.type";

const REGION_CODE = /^\d{6}$/;

/** Checks the form of a region code argument. */
export function checkRegionCode(argument: string, code: string): string {
  if (!REGION_CODE.test(code)) throw new BadUserInputError(argument, `"${code}" is not a 6-digit region code`);
  return code;
}

/** Regions: lookup by code, lists by parent and level, and the tree around each region. */
@Resolver(() => RegionType)
export class RegionResolver {
  @Query(() => RegionType, { description: "The region with this 6-digit code (按代码查询行政区划)." })
  async region(@Arg("code") code: string, @Ctx() { loaders }: Context): Promise<Region> {
    const region = await loaders.regionByCode.load(checkRegionCode("code", code));
    if (!region) throw new NotFoundError("Region", code);
    return region;
  }

  @Query(() => [RegionType], {
    description: "Regions in code order, optionally under one parent and at one level (行政区划列表). Page with `after` = the last code.",
  })
  async regions(
    @Arg("parentCode", () => String, { nullable: true, description: "Only the direct children of this region." })
    parentCode: string | null,
    @Arg("level", () => RegionLevelEnum, { nullable: true, description: "Only regions at this level." })
    level: RegionLevel | null,
    @Args() page: PageArgs,
    @Ctx() { dataSource }: Context,
  ): Promise<Region[]> {
    const where: FindOptionsWhere<Region> = {};
    if (parentCode) where.parentCode = checkRegionCode("parentCode", parentCode);
    if (level) where.level = level;
    if (page.after) where.code = MoreThan(checkRegionCode("after", page.after));
    return dataSource.getRepository(Region).find({ where, order: { code: "ASC" }, take: pageSize(page) });
  }

  @FieldResolver(() => RegionType, { nullable: true, description: "The region one level up (上级行政区划); null for a province." })
  async parent(@Root() region: Region, @Ctx() { loaders }: Context): Promise<Region | null> {
    return region.parentCode ? loaders.regionByCode.load(region.parentCode) : null;
  }

  @FieldResolver(() => [RegionType], { description: "The regions directly under this one, in code order (下级行政区划)." })
  async children(@Root() region: Region, @Ctx() { loaders }: Context): Promise<Region[]> {
    return loaders.regionsByParentCode.load(region.code);
  }

  @FieldResolver(() => [RegionType], { description: "Every region above this one, province first (上级行政区划链)." })
  async ancestors(@Root() region: Region, @Ctx() { loaders }: Context): Promise<Region[]> {
    const ancestors: Region[] = [];
    let code = region.parentCode;
    while (code) {
      const parent = await loaders.regionByCode.load(code);
      if (!parent) break;
      ancestors.unshift(parent);
      code = parent.parentCode;
    }
    return ancestors;
  }
}
