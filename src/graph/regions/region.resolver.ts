import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Agency, Region, Report } from "../../entities";
import { AgencyConnection } from "../agencies/agency.type";
import { ConnectionArgs } from "../core/connection.input";
import { readPage, toConnection } from "../core/connection";
import type { Context } from "../core/context";
import { NotFoundError } from "../core/errors";
import { AgencyFilter } from "../agencies/agency.input";
import { checkRegionCode, containsPattern } from "../core/argument-checks";
import { RegionFilter } from "./region.input";
import { ReportFilter, ReportOrder } from "../reports/report.input";
import { toGlobalId } from "../core/node";
import { agencyQuery, AGENCY_ORDER_BY_ID, checkKnownRegion, reportOrder, reportQuery } from "../core/list-queries";
import { listCost } from "../core/query-cost";
import { RegionConnection, RegionType } from "./region.type";
import { ReportConnection } from "../reports/report.type";

/** Regions: lookup by code, lists, the tree around a region, and what is in it. */
@Resolver(() => RegionType)
export class RegionResolver {
  @Query(() => RegionType, { description: "The region with this 6-digit code (按代码查询行政区划)." })
  async region(
    @Arg("code", () => String, { description: "The 6-digit administrative division code, e.g. 320800 (行政区划代码)." }) code: string,
    @Ctx() { loaders }: Context,
  ): Promise<Region> {
    const region = await loaders.regionByCode.load(checkRegionCode("code", code));
    if (!region) throw new NotFoundError("Region", code);
    return region;
  }

  @Query(() => RegionConnection, { description: "Regions in code order (行政区划列表)." })
  async regions(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => RegionFilter, { nullable: true, description: "Which regions (筛选)." }) filter: RegionFilter | null,
    @Ctx() { dataSource, loaders }: Context,
  ): Promise<InstanceType<typeof RegionConnection>> {
    const query = dataSource.getRepository(Region).createQueryBuilder("region");
    if (filter?.parentCode)
      query.andWhere("region.parentCode = :parentCode", { parentCode: await checkKnownRegion(loaders, "filter.parentCode", filter.parentCode) });
    if (filter?.level) query.andWhere("region.level = :level", { level: filter.level });
    if (filter?.nameContains) query.andWhere("region.name LIKE :name ESCAPE '!'", { name: containsPattern(filter.nameContains, "filter.nameContains") });
    const order = {
      column: "region.code",
      direction: "ASC" as const,
      idColumn: "region.code",
      label: "CODE ASC",
      keyOf: (row: Region) => [row.code, row.code] as [string, string],
    };
    return toConnection(RegionConnection, await readPage(query, order, page));
  }

  @FieldResolver(() => ID, { description: "Opaque global id (全局编号); use it with `node(id)`." })
  id(@Root() region: Region): string {
    return toGlobalId("Region", region.code);
  }

  @FieldResolver(() => RegionType, { nullable: true, description: "The region one level up (上级行政区划); null for a province." })
  async parent(@Root() region: Region, @Ctx() { loaders }: Context): Promise<Region | null> {
    return region.parentCode ? loaders.regionByCode.load(region.parentCode) : null;
  }

  @FieldResolver(() => [RegionType], { description: "The regions directly under this one, in code order (下级行政区划).", complexity: listCost(30) })
  async children(@Root() region: Region, @Ctx() { loaders }: Context): Promise<Region[]> {
    return loaders.regionsByParentCode.load(region.code);
  }

  @FieldResolver(() => [RegionType], { description: "Every region above this one, province first (上级行政区划链).", complexity: listCost(2) })
  async ancestors(@Root() region: Region, @Ctx() { loaders }: Context): Promise<Region[]> {
    const ancestors: Region[] = [];
    for (let code = region.parentCode; code;) {
      const parent = await loaders.regionByCode.load(code);
      if (!parent) break;
      ancestors.unshift(parent);
      code = parent.parentCode;
    }
    return ancestors;
  }

  @FieldResolver(() => AgencyConnection, { description: "Agencies in this region and under it (辖区内机关)." })
  async agencies(
    @Root() region: Region,
    @Args() page: ConnectionArgs,
    @Arg("filter", () => AgencyFilter, { nullable: true, description: "Which agencies (筛选)." }) filter: AgencyFilter | null,
    @Ctx() { dataSource }: Context,
  ): Promise<InstanceType<typeof AgencyConnection>> {
    const query = agencyQuery(dataSource, { ...filter, regionCode: region.code });
    return toConnection(AgencyConnection, await readPage<Agency>(query, AGENCY_ORDER_BY_ID, page));
  }

  @FieldResolver(() => ReportConnection, { description: "Reports of agencies in this region and under it (辖区内报告)." })
  async reports(
    @Root() region: Region,
    @Args() page: ConnectionArgs,
    @Arg("filter", () => ReportFilter, { nullable: true, description: "Which reports (筛选)." }) filter: ReportFilter | null,
    @Arg("orderBy", () => ReportOrder, { nullable: true, description: "Order; by id when absent (排序)." }) orderBy: ReportOrder | null,
    @Ctx() { dataSource, loaders }: Context,
  ): Promise<InstanceType<typeof ReportConnection>> {
    const query = reportQuery(dataSource, { ...filter, regionCode: region.code }, orderBy);
    return toConnection(ReportConnection, await readPage<Report>(query, reportOrder(orderBy, loaders), page));
  }
}
