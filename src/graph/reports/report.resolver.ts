import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { recordCellCode } from "../../domain/cell";
import { cellNumber } from "../../domain/cell-value";
import { deriveIndicators, type DerivedIndicators } from "../../domain/derived-indicators";
import type { Agency, Report, ReportSection, ValidationIssue } from "../../entities";
import { AgencyType } from "../agencies/agency.type";
import { ConnectionArgs } from "../core/connection.input";
import { readPage, toConnection } from "../core/connection";
import type { Context } from "../core/context";
import { BadUserInputError, NotFoundError } from "../core/errors";
import { ReportFilter, ReportOrder } from "./report.input";
import { DerivedIndicatorsType } from "./derived-indicators.type";
import { numericKey, toGlobalId } from "../core/node";
import { checkFilterReferences, reportOrder, reportQuery } from "../core/list-queries";
import { listCost } from "../core/query-cost";
import { applicationsTable, indexCells, proactiveTables, reviewLitigationTable, toTableCell } from "./report-tables";
import { ApplicationsTableType, ProactiveTableType, ReviewLitigationTableType, TableCellType } from "./report-tables.type";
import { ReportConnection, ReportSectionType, ReportType, ValidationIssueType } from "./report.type";
import { ScopeEvidenceType } from "./scope-evidence.type";
import type { ScopeEvidence } from "../../parse/scope-evidence";
import { NarrativeFactType } from "./narrative-fact.type";
import type { NarrativeFact } from "../../parse/narrative";
import { CellFilter } from "./cell-filter.input";
import { ReportCopyType, toReportCopy } from "./report-copy.type";
import { cellsOf, issuesOf } from "../revisions/history.loader";
import { reportAt, reportsAt } from "../revisions/report-history";
import { APPLICANT_COLUMN_CODES, checkCode, checkColumnCode, checkRowCode, checkTableCode } from "../core/code-checks";

/** Checks the codes of a cell filter against the template, so that a misspelt code is refused, not an empty list. */
function checkCellFilter(filter: CellFilter | null): void {
  if (filter?.tableCode) checkTableCode("filter.tableCode", filter.tableCode);
  if (filter?.rowCode) checkRowCode("filter.rowCode", filter.rowCode, filter.tableCode);
  if (filter?.columnCode) checkColumnCode("filter.columnCode", filter.columnCode, filter.tableCode);
}

/** Reports: lookups, lists, and everything a report holds. */
@Resolver(() => ReportType)
export class ReportResolver {
  @Query(() => ReportType, { description: "A report by its id, or by its agency and year (查询报告). Give `id`, or `agencyId` with `year`." })
  async report(
    @Arg("id", () => ID, { nullable: true, description: "The report's global id (报告编号)." }) id: string | null,
    @Arg("agencyId", () => ID, { nullable: true, description: "The agency's global id, with `year` (机关编号)." }) agencyId: string | null,
    @Arg("year", () => Int, { nullable: true, description: "The year the report covers, with `agencyId` (报告年度)." }) year: number | null,
    @Arg("asOf", () => Date, {
      nullable: true,
      description: "Answer as of this moment: the report, its cells and issues as they stood then; with `id` only (截至时间).",
    })
    asOf: Date | null,
    @Arg("release", () => String, { nullable: true, description: "Answer as of this named release; with `id` only (发布版本)." }) release: string | null,
    @Ctx() { dataSource, loaders }: Context,
  ): Promise<Report> {
    const hasYear = year !== null && year !== undefined;
    if (asOf || (release !== null && release !== undefined)) {
      if (!id || agencyId || hasYear)
        throw new BadUserInputError("report", "asOf and release go with id (a report's agency and year may have had another id then)");
      return reportAt(dataSource, loaders, numericKey(id, "id", "Report"), { asOf, release });
    }
    if (id && !agencyId && !hasYear) {
      const report = await loaders.reportById.load(numericKey(id, "id", "Report"));
      if (!report) throw new NotFoundError("Report", id);
      return report;
    }
    if (!id && agencyId && hasYear) {
      const report = await loaders.reportByAgencyYear.load(`${numericKey(agencyId, "agencyId", "Agency")}:${year}`);
      if (!report) throw new NotFoundError("Report", `${agencyId} ${year}`);
      return report;
    }
    throw new BadUserInputError("report", "give either id, or agencyId and year");
  }

  @Query(() => ReportConnection, { description: "Reports (报告列表), by id unless ordered otherwise." })
  async reports(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => ReportFilter, { nullable: true, description: "Which reports (筛选)." }) filter: ReportFilter | null,
    @Arg("orderBy", () => ReportOrder, { nullable: true, description: "Order; by id when absent (排序)." }) orderBy: ReportOrder | null,
    @Arg("asOf", () => Date, {
      nullable: true,
      description: "List the reports as they were at this moment, filtered on their values then; ordered by ID or YEAR (截至时间).",
    })
    asOf: Date | null,
    @Arg("release", () => String, { nullable: true, description: "List the reports as they were in this named release (发布版本)." }) release: string | null,
    @Ctx() { dataSource, loaders }: Context,
  ): Promise<InstanceType<typeof ReportConnection>> {
    await checkFilterReferences(loaders, filter);
    const past = await reportsAt(dataSource, loaders, { asOf, release }, filter, orderBy, page);
    if (past) return toConnection(ReportConnection, past);
    return toConnection(ReportConnection, await readPage<Report>(reportQuery(dataSource, filter, orderBy), reportOrder(orderBy, loaders), page));
  }

  @FieldResolver(() => ID, { description: "Opaque global id (全局编号); use it with `node(id)`." })
  id(@Root() report: Report): string {
    return toGlobalId("Report", report.id);
  }

  @FieldResolver(() => Int, { description: "Numeric key in the database (数据库编号); prefer `id`." })
  databaseId(@Root() report: Report): number {
    return report.id;
  }

  @FieldResolver(() => [ReportCopyType], {
    description:
      "Copies of the report from second sources (another URL, or another format when neither has a URL), kept beside it and not served, in the order they came (报告副本).",
    complexity: listCost(3),
  })
  async copies(@Root() report: Report, @Ctx() { loaders }: Context): Promise<ReportCopyType[]> {
    return (await loaders.copiesByReportId.load(report.id)).map(toReportCopy);
  }

  @FieldResolver(() => AgencyType, { description: "The agency that issued the report (发布机关)." })
  async agency(@Root() report: Report, @Ctx() { loaders }: Context): Promise<Agency> {
    const agency = await loaders.agencyById.load(report.agencyId);
    if (!agency) throw new Error(`Report ${report.id} names agency ${report.agencyId}, which is missing`);
    return agency;
  }

  @FieldResolver(() => [ProactiveTableType], { description: "The section 二 sub-tables (主动公开情况表).", complexity: listCost(5) })
  async proactiveTables(@Root() report: Report, @Ctx() { dataSource, loaders }: Context): Promise<ProactiveTableType[]> {
    return proactiveTables(report.templateVersion, indexCells(await cellsOf(report, dataSource, loaders)));
  }

  @FieldResolver(() => ApplicationsTableType, {
    nullable: true,
    description: "The section 三 table; null for a report without the national tables (申请情况表).",
  })
  async applicationsTable(@Root() report: Report, @Ctx() { dataSource, loaders }: Context): Promise<ApplicationsTableType | null> {
    return applicationsTable(report.templateVersion, indexCells(await cellsOf(report, dataSource, loaders)));
  }

  @FieldResolver(() => ReviewLitigationTableType, { nullable: true, description: "The section 四 table (复议诉讼情况表)." })
  async reviewLitigationTable(@Root() report: Report, @Ctx() { dataSource, loaders }: Context): Promise<ReviewLitigationTableType | null> {
    return reviewLitigationTable(report.templateVersion, indexCells(await cellsOf(report, dataSource, loaders)));
  }

  @FieldResolver(() => [TableCellType], { description: "The report's stored cells as a flat list, in storage order (单元格列表).", complexity: listCost(250) })
  async cells(
    @Root() report: Report,
    @Arg("filter", () => CellFilter, { nullable: true, description: "Which cells; all when absent (单元格筛选)." }) filter: CellFilter | null,
    @Ctx() { dataSource, loaders }: Context,
  ): Promise<TableCellType[]> {
    checkCellFilter(filter);
    const cells = await cellsOf(report, dataSource, loaders);
    return cells
      .filter(
        (cell) =>
          (!filter?.tableCode || cell.tableCode === filter.tableCode) &&
          (!filter?.rowCode || cell.rowCode === filter.rowCode) &&
          (!filter?.columnCode || cell.columnCode === filter.columnCode) &&
          (!filter?.states?.length || filter.states.includes(cell.valueState)),
      )
      .map(toTableCell);
  }

  @FieldResolver(() => DerivedIndicatorsType, { description: "Derived indicators (派生指标), from the TOTAL column unless `column` names an applicant type." })
  async indicators(
    @Root() report: Report,
    @Arg("column", () => String, { defaultValue: "TOTAL", description: "An applicant-type column code (申请人类型)." }) column: string,
    @Ctx() { dataSource, loaders }: Context,
  ): Promise<DerivedIndicators> {
    checkCode("column", column, APPLICANT_COLUMN_CODES);
    const index = indexCells(await cellsOf(report, dataSource, loaders));
    return deriveIndicators((table, row, col) => {
      const cell = index.get(recordCellCode({ tableCode: table, rowCode: row, columnCode: col }));
      return cell ? cellNumber({ state: cell.valueState, value: cell.value }) : null;
    }, column);
  }

  @FieldResolver(() => [ReportSectionType], { description: "The free-text sections 一, 五 and 六 (文字部分).", complexity: listCost(3) })
  async sections(@Root() report: Report, @Ctx() { loaders }: Context): Promise<ReportSection[]> {
    return loaders.sectionsByReportId.load(report.id);
  }

  @FieldResolver(() => [ScopeEvidenceType], {
    description: "The evidence the parser's reading of the scope rests on, with lines; empty for a report stored before it was kept (范围证据).",
    complexity: listCost(5),
  })
  scopeEvidence(@Root() report: Report): readonly ScopeEvidence[] {
    return report.scopeEvidence ?? [];
  }

  @FieldResolver(() => [NarrativeFactType], {
    description:
      "The figures the overview states in prose, with the cells each corresponds to and its line; empty for a report stored before they were kept (叙述数据).",
    complexity: listCost(10),
  })
  narrativeFacts(@Root() report: Report): readonly NarrativeFact[] {
    return report.narrativeFacts ?? [];
  }

  @FieldResolver(() => [ValidationIssueType], { description: "Validation issues found in the report (校验问题).", complexity: listCost(20) })
  async issues(@Root() report: Report, @Ctx() { dataSource, loaders }: Context): Promise<ValidationIssue[]> {
    return issuesOf(report, dataSource, loaders);
  }
}
