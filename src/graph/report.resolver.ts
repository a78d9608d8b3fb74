import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { MoreThan, type FindOptionsWhere } from "typeorm";
import { Agency, Report, ReportCell, ReportSection, ValidationIssue } from "../entities";
import { AgencyType } from "./agency.type";
import type { Context } from "./context";
import { NotFoundError } from "./errors";
import { PageArgs, afterId, pageSize } from "./pagination";
import { ReportCellType, ReportSectionType, ReportType, ValidationIssueType } from "./report.type";

/** Reports: lookup, lists, and their agency, cells, sections and issues. */
@Resolver(() => ReportType)
export class ReportResolver {
  @Query(() => ReportType, { description: "The report with this id (按编号查询报告)." })
  async report(@Arg("id", () => Int) id: number, @Ctx() { dataSource }: Context): Promise<Report> {
    const report = await dataSource.getRepository(Report).findOneBy({ id });
    if (!report) throw new NotFoundError("Report", id);
    return report;
  }

  @Query(() => [ReportType], { description: "Reports in id order (报告列表). Page with `after` = the last id." })
  async reports(
    @Arg("year", () => Int, { nullable: true, description: "Only reports for this year." }) year: number | null,
    @Arg("agencyId", () => Int, { nullable: true, description: "Only this agency's reports." }) agencyId: number | null,
    @Args() page: PageArgs,
    @Ctx() { dataSource }: Context,
  ): Promise<Report[]> {
    const where: FindOptionsWhere<Report> = {};
    if (year !== null && year !== undefined) where.year = year;
    if (agencyId !== null && agencyId !== undefined) where.agencyId = agencyId;
    const after = afterId(page);
    if (after !== null) where.id = MoreThan(after);
    return dataSource.getRepository(Report).find({ where, order: { id: "ASC" }, take: pageSize(page) });
  }

  @FieldResolver(() => AgencyType, { description: "The agency that issued the report (发布机关)." })
  async agency(@Root() report: Report, @Ctx() { loaders }: Context): Promise<Agency> {
    const agency = await loaders.agencyById.load(report.agencyId);
    if (!agency) throw new Error(`Report ${report.id} names agency ${report.agencyId}, which is missing`);
    return agency;
  }

  @FieldResolver(() => [ReportCellType], { description: "Every table cell of the report (全部表格单元格)." })
  async cells(@Root() report: Report, @Ctx() { loaders }: Context): Promise<ReportCell[]> {
    return loaders.cellsByReportId.load(report.id);
  }

  @FieldResolver(() => [ReportSectionType], { description: "The free-text sections (文字部分)." })
  async sections(@Root() report: Report, @Ctx() { loaders }: Context): Promise<ReportSection[]> {
    return loaders.sectionsByReportId.load(report.id);
  }

  @FieldResolver(() => [ValidationIssueType], { description: "Validation issues found in the report (校验问题)." })
  async issues(@Root() report: Report, @Ctx() { loaders }: Context): Promise<ValidationIssue[]> {
    return loaders.issuesByReportId.load(report.id);
  }
}
