import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { Agency, Region, Report } from "../../entities";
import { AgencyConnection, AgencyType } from "./agency.type";
import { ConnectionArgs } from "../core/connection.input";
import { readPage, toConnection } from "../core/connection";
import type { Context } from "../core/context";
import { NotFoundError } from "../core/errors";
import { AgencyFilter, AgencyOrder } from "./agency.input";
import { ReportFilter, ReportOrder } from "../reports/report.input";
import { numericKey, toGlobalId } from "../core/node";
import { agencyQuery, AGENCY_ORDER_BY_ID, checkFilterReferences, reportOrder, reportQuery } from "../core/list-queries";
import { RegionType } from "../regions/region.type";
import { ReportConnection, ReportType } from "../reports/report.type";

/** Agencies: lookup, lists, and their region, names and reports. */
@Resolver(() => AgencyType)
export class AgencyResolver {
  @Query(() => AgencyType, { description: "The agency with this id (按编号查询机关)." })
  async agency(@Arg("id", () => ID, { description: "The agency's global id (机关编号)." }) id: string, @Ctx() { loaders }: Context): Promise<Agency> {
    const agency = await loaders.agencyById.load(numericKey(id, "id", "Agency"));
    if (!agency) throw new NotFoundError("Agency", id);
    return agency;
  }

  @Query(() => AgencyConnection, { description: "Agencies (机关列表), by id unless ordered otherwise." })
  async agencies(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => AgencyFilter, { nullable: true, description: "Which agencies (筛选)." }) filter: AgencyFilter | null,
    @Arg("orderBy", () => AgencyOrder, { nullable: true, description: "Order; by id when absent (排序)." }) orderBy: AgencyOrder | null,
    @Ctx() { dataSource, loaders }: Context,
  ): Promise<InstanceType<typeof AgencyConnection>> {
    const order =
      orderBy?.field === "NAME"
        ? {
            column: "agency.name",
            direction: orderBy.direction,
            idColumn: "agency.id",
            label: `NAME ${orderBy.direction}`,
            keyOf: (row: Agency) => [row.name, row.id] as [string, number],
          }
        : { ...AGENCY_ORDER_BY_ID, direction: orderBy?.direction ?? "ASC", label: `ID ${orderBy?.direction ?? "ASC"}` };
    await checkFilterReferences(loaders, filter);
    return toConnection(AgencyConnection, await readPage<Agency>(agencyQuery(dataSource, filter), order, page));
  }

  @FieldResolver(() => ID, { description: "Opaque global id (全局编号); use it with `node(id)`." })
  id(@Root() agency: Agency): string {
    return toGlobalId("Agency", agency.id);
  }

  @FieldResolver(() => Int, { description: "Numeric key in the database (数据库编号); prefer `id`." })
  databaseId(@Root() agency: Agency): number {
    return agency.id;
  }

  @FieldResolver(() => [String], { description: "Other names it has published under (曾用名称), without its current name." })
  async aliases(@Root() agency: Agency, @Ctx() { loaders }: Context): Promise<string[]> {
    const aliases = await loaders.aliasesByAgencyId.load(agency.id);
    return aliases.map((alias) => alias.name).filter((name) => name !== agency.name);
  }

  @FieldResolver(() => RegionType, { description: "The region the agency belongs to (所属行政区划)." })
  async region(@Root() agency: Agency, @Ctx() { loaders }: Context): Promise<Region> {
    const region = await loaders.regionByCode.load(agency.regionCode);
    if (!region) throw new Error(`Agency ${agency.id} names region ${agency.regionCode}, which is missing`);
    return region;
  }

  @FieldResolver(() => ReportConnection, { description: "The agency's reports (年度报告), by id unless ordered otherwise." })
  async reports(
    @Root() agency: Agency,
    @Args() page: ConnectionArgs,
    @Arg("filter", () => ReportFilter, { nullable: true, description: "Which reports (筛选)." }) filter: ReportFilter | null,
    @Arg("orderBy", () => ReportOrder, { nullable: true, description: "Order; by id when absent (排序)." }) orderBy: ReportOrder | null,
    @Ctx() { dataSource, loaders }: Context,
  ): Promise<InstanceType<typeof ReportConnection>> {
    await checkFilterReferences(loaders, { ...filter, agencyId: null });
    const query = reportQuery(dataSource, { ...filter, agencyId: toGlobalId("Agency", agency.id) }, orderBy);
    return toConnection(ReportConnection, await readPage<Report>(query, reportOrder(orderBy, loaders), page));
  }

  @FieldResolver(() => ReportType, { nullable: true, description: "The agency's report for one year, if it has one (某年度报告)." })
  async report(
    @Root() agency: Agency,
    @Arg("year", () => Int, { description: "The year the report covers (报告年度)." }) year: number,
    @Ctx() { loaders }: Context,
  ): Promise<Report | null> {
    return loaders.reportByAgencyYear.load(`${agency.id}:${year}`);
  }
}
