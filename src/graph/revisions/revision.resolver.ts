import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { recordCellCode } from "../../domain/cell";
import { ReportRevision, type CellCorrection, type DataRelease, type Report } from "../../entities";
import { createRelease, findRelease, listReleases } from "../../services/releases";
import type { CellChange } from "../../revisions/history";
import { correctCells, revertCorrections, setReportScope, verifyReport } from "../../services/report-review";
import type { ReportScope } from "../../domain/codes";
import { ReportScopeEnum } from "../core/domain.enum";
import { requireRole } from "../core/auth";
import { ConnectionArgs } from "../core/connection.input";
import { readPage, toConnection, type ConnectionValue, type KeysetOrder } from "../core/connection";
import type { Context } from "../core/context";
import { BadUserInputError, NotFoundError } from "../core/errors";
import { numericKey } from "../core/node";
import { listCost } from "../core/query-cost";
import { ReportType } from "../reports/report.type";
import { TableCellType } from "../reports/report-tables.type";
import { historyLoaders } from "./history.loader";
import { asClientErrors, toRevisionType } from "./report-history";
import { ReviewStatusEnum } from "./revision.enum";
import { CellCorrectionInput } from "./revision.input";
import {
  CellChangeType,
  CellCorrectionType,
  HistoryPointType,
  ReportRevisionConnection,
  ReleaseType,
  ReportRevisionType,
  ReviewPayloadType,
  toCorrectionType,
} from "./revision.type";
import type { ReviewStatus } from "../../domain/codes";

/** Revisions in commit order (their global sequence), the tie-breaker the same column. */
const BY_SEQUENCE: KeysetOrder = {
  column: "revision.id",
  direction: "ASC",
  idColumn: "revision.id",
  label: "SEQUENCE ASC",
  keyOf: (revision: ReportRevision) => [revision.id, revision.id],
};

/** A page of stored revisions as the graph's connection of revisions. */
function revisionConnection(page: ConnectionValue<ReportRevision>): InstanceType<typeof ReportRevisionConnection> {
  return toConnection(ReportRevisionConnection, {
    ...page,
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toRevisionType(edge.node) })),
    nodes: page.nodes.map(toRevisionType),
  } as never);
}

/** A report's history, review and corrections, and the change feed. */
@Resolver(() => ReportType)
export class ReportHistoryResolver {
  @FieldResolver(() => Int, { description: "The number of the report's latest revision; a correction or verification names it (当前修订序号)." })
  revisionNumber(@Root() report: Report): number {
    return report.revision;
  }

  @FieldResolver(() => Date, { nullable: true, description: "When the latest revision was committed (最近修订时间)." })
  revisedAt(@Root() report: Report): Date | null {
    return report.revisedAt;
  }

  @FieldResolver(() => ReviewStatusEnum, { description: "Whether a person verified the report and nothing changed since (审核状态)." })
  reviewStatus(@Root() report: Report): ReviewStatus {
    return report.reviewStatus;
  }

  @FieldResolver(() => String, { nullable: true, description: "Who last verified the report (核验人)." })
  reviewedBy(@Root() report: Report): string | null {
    return report.reviewedBy;
  }

  @FieldResolver(() => Date, { nullable: true, description: "When the report was last verified (核验时间)." })
  reviewedAt(@Root() report: Report): Date | null {
    return report.reviewedAt;
  }

  @FieldResolver(() => String, { nullable: true, description: "The verifier's note (核验说明)." })
  reviewNote(@Root() report: Report): string | null {
    return report.reviewNote;
  }

  @FieldResolver(() => HistoryPointType, {
    nullable: true,
    description: "The point in the history the report was read at; null when read as it stands (历史时点).",
  })
  historyPoint(@Root() report: Report): HistoryPointType | null {
    return report.asOf ?? null;
  }

  @FieldResolver(() => ReportRevisionConnection, { description: "Every revision of the report, oldest first; deleting a report keeps them (修订历史)." })
  async revisions(
    @Root() report: Report,
    @Args() page: ConnectionArgs,
    @Ctx() { dataSource }: Context,
  ): Promise<InstanceType<typeof ReportRevisionConnection>> {
    const query = dataSource.getRepository(ReportRevision).createQueryBuilder("revision").where("revision.report_id = :reportId", { reportId: report.id });
    return revisionConnection(await readPage(query, BY_SEQUENCE, page));
  }

  @FieldResolver(() => ReportRevisionType, { description: "One revision of the report by its number (某次修订)." })
  async revision(
    @Root() report: Report,
    @Arg("number", () => Int, { description: "The report's own revision number, from 1 (修订序号)." }) number: number,
    @Ctx() { dataSource }: Context,
  ): Promise<ReportRevisionType> {
    const found = await dataSource.getRepository(ReportRevision).findOneBy({ reportId: report.id, number });
    if (!found) throw new NotFoundError("ReportRevision", `${report.id}#${number}`);
    return toRevisionType(found);
  }

  @FieldResolver(() => [CellCorrectionType], { description: "People's corrections of the report's cells, oldest first (人工更正).", complexity: listCost(50) })
  async corrections(
    @Root() report: Report,
    @Arg("includeReverted", () => Boolean, { defaultValue: false, description: "Also the reverted and superseded ones (含已撤销)." }) includeReverted: boolean,
    @Ctx() { dataSource, loaders }: Context,
  ): Promise<CellCorrectionType[]> {
    const history = historyLoaders(dataSource, loaders);
    if (!report.asOf) {
      const rows = await (includeReverted ? history.correctionsByReportId : history.standingCorrectionsByReportId).load(report.id);
      return rows.map(toCorrectionType);
    }
    // As of a point: the corrections made by then, each as it stood then.
    const sequence = report.asOf.sequence;
    return (await history.correctionsByReportId.load(report.id))
      .filter((correction) => correction.revisionId <= sequence && (includeReverted || !revertedBy(correction, sequence)))
      .map((correction) => correctionAt(correction, sequence));
  }

  @Query(() => ReportRevisionConnection, {
    description:
      "The change feed: every revision of every report in commit order, so that a mirror syncs by asking for the revisions after the last cursor it saw; a revision never appears before one committed earlier (变更流).",
  })
  async changes(@Args() page: ConnectionArgs, @Ctx() { dataSource }: Context): Promise<InstanceType<typeof ReportRevisionConnection>> {
    return revisionConnection(await readPage(dataSource.getRepository(ReportRevision).createQueryBuilder("revision"), BY_SEQUENCE, page));
  }

  @Mutation(() => ReviewPayloadType, {
    description:
      "Corrects cells of a report at its latest revision: the parser's reading is kept beside each; the report is re-validated with its neighbouring years in the same transaction. A stale revision is refused with CONFLICT. Needs an EDITOR or ADMIN token (更正单元格).",
  })
  async correctCells(
    @Arg("reportId", () => ID, { description: "The report's global id (报告编号)." }) reportId: string,
    @Arg("revision", () => Int, { description: "The report's revision number the corrections were decided on (修订序号)." }) revision: number,
    @Arg("corrections", () => [CellCorrectionInput], { description: "The corrections (更正列表)." }) corrections: CellCorrectionInput[],
    @Ctx() { dataSource, caller, onDataChanged }: Context,
  ): Promise<ReviewPayloadType> {
    const actor = requireRole(caller, "EDITOR");
    const id = numericKey(reportId, "reportId", "Report");
    const outcome = await asClientErrors(() => correctCells(dataSource, { reportId: id, revision, corrections }, { actor }));
    onDataChanged?.();
    return { report: outcome.report, revision: toRevisionType(outcome.revision) };
  }

  @Mutation(() => ReviewPayloadType, {
    description:
      "Reverts corrections: their cells go back to the parser's reading; the corrections stay in the history. Needs an EDITOR or ADMIN token (撤销更正).",
  })
  async revertCorrections(
    @Arg("reportId", () => ID, { description: "The report's global id (报告编号)." }) reportId: string,
    @Arg("revision", () => Int, { description: "The report's latest revision number (修订序号)." }) revision: number,
    @Arg("correctionIds", () => [Int], { description: "The corrections' numbers, `CellCorrection.databaseId` (更正编号)." }) correctionIds: number[],
    @Arg("reason", { description: "Why, in words (撤销原因)." }) reason: string,
    @Ctx() { dataSource, caller, onDataChanged }: Context,
  ): Promise<ReviewPayloadType> {
    const actor = requireRole(caller, "EDITOR");
    const id = numericKey(reportId, "reportId", "Report");
    const outcome = await asClientErrors(() => revertCorrections(dataSource, { reportId: id, revision, correctionIds, reason }, { actor }));
    onDataChanged?.();
    return { report: outcome.report, revision: toRevisionType(outcome.revision) };
  }

  @Mutation(() => ReviewPayloadType, {
    description:
      "Marks a report VERIFIED by a person at its latest revision; any later change sets it to NEEDS_REVIEW. Needs an EDITOR or ADMIN token (核验报告).",
  })
  async verifyReport(
    @Arg("reportId", () => ID, { description: "The report's global id (报告编号)." }) reportId: string,
    @Arg("revision", () => Int, { description: "The report's latest revision number, the one checked (修订序号)." }) revision: number,
    @Arg("note", () => String, { nullable: true, description: "What was checked, in words (核验说明)." }) note: string | null,
    @Ctx() { dataSource, caller, onDataChanged }: Context,
  ): Promise<ReviewPayloadType> {
    const actor = requireRole(caller, "EDITOR");
    const id = numericKey(reportId, "reportId", "Report");
    if (!Number.isInteger(revision) || revision < 1) throw new BadUserInputError("revision", `must be a revision number from 1, got ${revision}`);
    const outcome = await asClientErrors(() => verifyReport(dataSource, { reportId: id, revision, note }, { actor }));
    onDataChanged?.();
    return { report: outcome.report, revision: toRevisionType(outcome.revision) };
  }
}

/** A maintainer's scope. */
@Resolver()
export class ScopeOverrideResolver {
  @Mutation(() => ReviewPayloadType, {
    description:
      "Sets a report's scope as a maintainer's, over the parser's reading (kept beside it): the report is read again under it and X1–X3 rechecked. Needs an EDITOR or ADMIN token (设定报告范围).",
  })
  async setReportScope(
    @Arg("reportId", () => ID, { description: "The report's global id (报告编号)." }) reportId: string,
    @Arg("revision", () => Int, { description: "The report's latest revision number (修订序号)." }) revision: number,
    @Arg("scope", () => ReportScopeEnum, { description: "The scope the report covers (报告范围)." }) scope: ReportScope,
    @Arg("reason", { description: "Why, in words (原因)." }) reason: string,
    @Ctx() { dataSource, caller, onDataChanged }: Context,
  ): Promise<ReviewPayloadType> {
    const actor = requireRole(caller, "EDITOR");
    const id = numericKey(reportId, "reportId", "Report");
    const outcome = await asClientErrors(() => setReportScope(dataSource, { reportId: id, revision, scope, reason }, { actor }));
    onDataChanged?.();
    return { report: outcome.report, revision: toRevisionType(outcome.revision) };
  }
}

/** Whether a correction was reverted (or superseded) by revision `sequence`. */
function revertedBy(correction: CellCorrection, sequence: number): boolean {
  return correction.revertedRevisionId !== null && correction.revertedRevisionId <= sequence;
}

/**
 * A correction as it stood at revision `sequence`: a reversal after it is not shown. The parser's reading beside it
 * is its latest, as the fields say.
 */
function correctionAt(correction: CellCorrection, sequence: number): CellCorrectionType {
  const shown = toCorrectionType(correction);
  return revertedBy(correction, sequence) ? shown : { ...shown, revertedBy: null, revertedAt: null, revertReason: null };
}

/** A release as the graph shows it. */
function toReleaseType(release: DataRelease): ReleaseType {
  return { name: release.name, sequence: release.revisionId, createdAt: release.createdAt, createdBy: release.createdBy, note: release.note };
}

/** Releases: named states of the data. */
@Resolver(() => ReleaseType)
export class ReleaseResolver {
  @Query(() => [ReleaseType], { description: "Every release, oldest first (数据发布版本).", complexity: listCost(100) })
  async releases(@Ctx() { dataSource }: Context): Promise<ReleaseType[]> {
    return (await listReleases(dataSource)).map(toReleaseType);
  }

  @Query(() => ReleaseType, { description: "A release by its name (查询发布版本)." })
  async release(@Arg("name", { description: "The release's name (版本名称)." }) name: string, @Ctx() { dataSource }: Context): Promise<ReleaseType> {
    const found = await findRelease(dataSource, name);
    if (!found) throw new NotFoundError("Release", name);
    return toReleaseType(found);
  }

  @Mutation(() => ReleaseType, {
    description:
      "Names the data as it stands: the last revision committed. Queries and exports given `release` then answer exactly as now; nothing is copied. Needs an ADMIN token (创建发布版本).",
  })
  async createRelease(
    @Arg("name", { description: "1–64 letters, digits, dots, dashes or underscores, not taken (版本名称)." }) name: string,
    @Arg("note", () => String, { nullable: true, description: "What it is for, in words (说明)." }) note: string | null,
    @Ctx() { dataSource, caller }: Context,
  ): Promise<ReleaseType> {
    const actor = requireRole(caller, "ADMIN");
    return toReleaseType(await asClientErrors(() => createRelease(dataSource, { name, note }, { actor })));
  }
}

/** The correction a cell of a table carries. */
@Resolver(() => TableCellType)
export class TableCellCorrectionResolver {
  @FieldResolver(() => CellCorrectionType, {
    nullable: true,
    description:
      "The person's correction the cell carries, with the parser's reading beside it; null when none stands (for a report read as of a point: none stood then) (人工更正).",
  })
  async correction(@Root() cell: TableCellType, @Ctx() { dataSource, loaders }: Context): Promise<CellCorrectionType | null> {
    if (cell.reportId === undefined) return null;
    const history = historyLoaders(dataSource, loaders);
    const sequence = cell.asOfSequence ?? null;
    const candidates =
      sequence === null ? await history.standingCorrectionsByReportId.load(cell.reportId) : await history.correctionsByReportId.load(cell.reportId);
    const found = candidates.find(
      (correction) =>
        recordCellCode(correction) === cell.code && (sequence === null || (correction.revisionId <= sequence && !revertedBy(correction, sequence))),
    );
    if (!found) return null;
    return sequence === null ? toCorrectionType(found) : correctionAt(found, sequence);
  }
}

/** A revision's cell-level diff and its report. */
@Resolver(() => ReportRevisionType)
export class ReportRevisionResolver {
  @FieldResolver(() => [CellChangeType], {
    description: "The cells the revision added, removed or changed, in code order (单元格变更).",
    complexity: listCost(250),
  })
  async changes(@Root() revision: ReportRevisionType, @Ctx() { dataSource, loaders }: Context): Promise<CellChange[]> {
    return historyLoaders(dataSource, loaders).changesByRevision.load(revision.sequence);
  }

  @FieldResolver(() => ReportType, { nullable: true, description: "The report as it stands now; null once deleted (报告)." })
  async report(@Root() revision: ReportRevisionType, @Ctx() { loaders }: Context): Promise<Report | null> {
    return loaders.reportById.load(revision.reportDatabaseId);
  }
}
