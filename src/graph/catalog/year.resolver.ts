import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { Agency, Report } from "../../entities";
import { AgencyConnection } from "../agencies/agency.type";
import { ConnectionArgs } from "../core/connection.input";
import { readPage, toConnection } from "../core/connection";
import type { Context } from "../core/context";
import { NotFoundError } from "../core/errors";
import { ReportFilter, ReportOrder } from "../reports/report.input";
import { AGENCY_ORDER_BY_ID, checkFilterReferences, reportOrder, reportQuery } from "../core/list-queries";
import { ReportConnection } from "../reports/report.type";
import { YearType } from "./year.type";

async function yearsWithCounts(context: Context, only?: number): Promise<YearType[]> {
  const query = context.dataSource
    .getRepository(Report)
    .createQueryBuilder("report")
    .select("report.year", "year")
    .addSelect("COUNT(*)", "reportCount")
    .groupBy("report.year")
    .orderBy("report.year", "DESC");
  if (only !== undefined) query.where("report.year = :year", { year: only });
  const rows = await query.getRawMany<{ year: number | string; reportCount: number | string }>();
  return rows.map((row) => ({ year: Number(row.year), reportCount: Number(row.reportCount) }));
}

/** Years: which there are, and what each holds. */
@Resolver(() => YearType)
export class YearResolver {
  @Query(() => [YearType], { description: "Every year some report covers, newest first (年度列表)." })
  async years(@Ctx() context: Context): Promise<YearType[]> {
    return yearsWithCounts(context);
  }

  @Query(() => YearType, { description: "One year (某年度)." })
  async year(@Arg("year", () => Int, { description: "The year, e.g. 2024 (年度)." }) year: number, @Ctx() context: Context): Promise<YearType> {
    const [found] = await yearsWithCounts(context, year);
    if (!found) throw new NotFoundError("Year", year);
    return found;
  }

  @FieldResolver(() => ReportConnection, { description: "The year's reports (该年度报告)." })
  async reports(
    @Root() year: YearType,
    @Args() page: ConnectionArgs,
    @Arg("filter", () => ReportFilter, { nullable: true, description: "Which reports (筛选)." }) filter: ReportFilter | null,
    @Arg("orderBy", () => ReportOrder, { nullable: true, description: "Order; by id when absent (排序)." }) orderBy: ReportOrder | null,
    @Ctx() { dataSource, loaders }: Context,
  ) {
    await checkFilterReferences(loaders, filter);
    const query = reportQuery(dataSource, { ...filter, yearFrom: year.year, yearTo: year.year }, orderBy);
    return toConnection(ReportConnection, await readPage<Report>(query, reportOrder(orderBy, loaders), page));
  }

  @FieldResolver(() => AgencyConnection, { description: "Agencies with a report for the year (该年度有报告的机关)." })
  async agencies(@Root() year: YearType, @Args() page: ConnectionArgs, @Ctx() { dataSource }: Context) {
    const query = dataSource
      .getRepository(Agency)
      .createQueryBuilder("agency")
      .where("agency.id IN " + "(SELECT report.agency_id FROM report report WHERE report.year = :year)", { year: year.year });
    return toConnection(AgencyConnection, await readPage<Agency>(query, AGENCY_ORDER_BY_ID, page));
  }
}
