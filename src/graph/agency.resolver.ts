import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { MoreThan, type FindOptionsWhere } from "typeorm";
import { Agency, Region, Report } from "../entities";
import { AgencyType } from "./agency.type";
import type { Context } from "./context";
import { NotFoundError } from "./errors";
import { PageArgs, afterId, pageSize } from "./pagination";
import { checkRegionCode } from "./region.resolver";
import { RegionType } from "./region.type";
import { ReportType } from "./report.type";

/** Agencies: lookup, lists, and their region and reports. */
@Resolver(() => AgencyType)
export class AgencyResolver {
  @Query(() => AgencyType, { description: "The agency with this id (按编号查询机关)." })
  async agency(@Arg("id", () => Int) id: number, @Ctx() { loaders }: Context): Promise<Agency> {
    const agency = await loaders.agencyById.load(id);
    if (!agency) throw new NotFoundError("Agency", id);
    return agency;
  }

  @Query(() => [AgencyType], { description: "Agencies in id order (机关列表). Page with `after` = the last id." })
  async agencies(
    @Arg("regionCode", () => String, { nullable: true, description: "Only agencies of exactly this region." })
    regionCode: string | null,
    @Args() page: PageArgs,
    @Ctx() { dataSource }: Context,
  ): Promise<Agency[]> {
    const where: FindOptionsWhere<Agency> = {};
    if (regionCode) where.regionCode = checkRegionCode("regionCode", regionCode);
    const after = afterId(page);
    if (after !== null) where.id = MoreThan(after);
    return dataSource.getRepository(Agency).find({ where, order: { id: "ASC" }, take: pageSize(page) });
  }

  @FieldResolver(() => RegionType, { description: "The region the agency belongs to (所属行政区划)." })
  async region(@Root() agency: Agency, @Ctx() { loaders }: Context): Promise<Region> {
    const region = await loaders.regionByCode.load(agency.regionCode);
    if (!region) throw new Error(`Agency ${agency.id} names region ${agency.regionCode}, which is missing`);
    return region;
  }

  @FieldResolver(() => [ReportType], { description: "The agency's reports, newest year first (年度报告)." })
  async reports(@Root() agency: Agency, @Ctx() { loaders }: Context): Promise<Report[]> {
    return loaders.reportsByAgencyId.load(agency.id);
  }
}
