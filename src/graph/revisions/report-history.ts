import type { DataSource } from "typeorm";
import { Agency, Report, ReportRevision } from "../../entities";
import { whereSelection } from "../../services/report-selection";
import type { ConnectionArgs } from "../core/connection.input";
import { readPage, type ConnectionValue, type KeysetOrder } from "../core/connection";
import { reportSelection } from "../core/list-queries";
import type { ReportFilter, ReportOrder } from "../reports/report.input";
import { reportStateAt, resolvePoint, type HistoryPoint, type PointRequest } from "../../revisions/history";
import { RevisionConflictError, RevisionInputError, RevisionNotFoundError } from "../../revisions/revision-errors";
import type { Loaders } from "../core/entity.loader";
import { BadUserInputError, ClientError, NotFoundError } from "../core/errors";
import { toGlobalId } from "../core/node";
import type { ReportRevisionType } from "./revision.type";
import { historyLoaders } from "./history.loader";

/**
 * The graph's side of the history: errors of src/revisions and src/services/report-review.ts worded as client errors,
 * revisions as the graph shows them, and a report as of a point in its history.
 */

/** Runs `work`, answering a refused change as the client error it is: BAD_USER_INPUT, CONFLICT, NOT_FOUND. */
export async function asClientErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RevisionInputError) throw new BadUserInputError(error.field, error.problem);
    if (error instanceof RevisionConflictError)
      throw new ClientError("CONFLICT", error.message, {
        reportId: toGlobalId("Report", error.reportId),
        revision: error.given,
        currentRevision: error.current,
      });
    if (error instanceof RevisionNotFoundError)
      throw new NotFoundError(error.type, error.type === "Report" ? toGlobalId("Report", Number(error.key)) : error.key);
    throw error;
  }
}

/** A stored revision as the graph shows it. */
export function toRevisionType(revision: ReportRevision): ReportRevisionType {
  return {
    sequence: revision.id,
    number: revision.number,
    reportDatabaseId: revision.reportId,
    agencyId: revision.agencyId,
    year: revision.year,
    kind: revision.kind,
    actor: revision.actor,
    reason: revision.reason,
    committedAt: revision.committedAt,
    cellsChanged: revision.cellsChanged,
    issuesChanged: revision.issuesChanged,
    templateVersion: revision.templateVersion,
    scope: revision.scope,
    reviewStatus: revision.fields.reviewStatus as ReportRevisionType["reviewStatus"],
    contentHash: revision.fields.contentHash,
    parserVersion: revision.fields.parserVersion,
  };
}

/**
 * A report as of a moment or a release: its fields from its revision then, its cells and issues read from then by
 * the history loaders (the fields a revision does not keep — sections, scope evidence, overview facts — are today's,
 * or none for a report deleted since). Throws client errors: both given, an unknown release, a report that did not
 * exist then.
 */
export async function reportAt(dataSource: DataSource, loaders: Loaders, reportId: number, request: PointRequest): Promise<Report> {
  return asClientErrors(async () => {
    const point = (await resolvePoint(dataSource.manager, request))!;
    const state = await reportStateAt(dataSource.manager, reportId, point);
    historyLoaders(dataSource, loaders).partsAt.prime(`${reportId}@${point.revisionId}`, { cells: [...state.cells], issues: [...state.issues] });
    return reportView(state.revision, await loaders.reportById.load(reportId), point);
  });
}

/** A report as its revision at `point` describes it, over what today's row keeps that revisions do not. */
function reportView(revision: ReportRevision, current: Report | null, point: HistoryPoint): Report {
  const fields = revision.fields;
  const kept = current ?? { scopeEvidence: null, narrativeFacts: null, ingestedAt: revision.committedAt, reviewedBy: null, reviewedAt: null, reviewNote: null };
  return Object.assign(new Report(), kept, {
    id: revision.reportId,
    agencyId: revision.agencyId,
    year: revision.year,
    templateVersion: fields.templateVersion,
    scope: fields.scope,
    scopeSource: fields.scopeSource,
    parsedScope: fields.parsedScope,
    title: fields.title,
    publishedAt: fields.publishedAt,
    sourceUrl: fields.sourceUrl,
    sourceFormat: fields.sourceFormat,
    contentHash: fields.contentHash,
    parserVersion: fields.parserVersion,
    errorCount: fields.errorCount,
    reviewStatus: fields.reviewStatus,
    // Revisions written before these were kept leave them as today's row has them.
    ...(fields.reviewedBy !== undefined
      ? { reviewedBy: fields.reviewedBy, reviewedAt: fields.reviewedAt ? new Date(fields.reviewedAt) : null, reviewNote: fields.reviewNote ?? null }
      : {}),
    revision: revision.number,
    revisedAt: revision.committedAt,
    asOf: { sequence: point.revisionId, asOf: point.asOf, release: point.release },
  }) as Report;
}

/** The filter fields a list as of a point cannot apply: they read what revisions do not keep as columns. */
const CURRENT_ONLY = ["hasValidationErrors", "failingRules", "updatedSince", "reviewStatuses"] as const;

/**
 * Reports as they were at a moment or a release: each report's latest revision at that point (a report not stored
 * yet, or deleted by then, is not listed), filtered by region, agency, years, template version, scope, agency kind and
 * name on their values then, ordered by id or year. Answers the page, or null when the request names no point.
 */
export async function reportsAt(
  dataSource: DataSource,
  loaders: Loaders,
  request: PointRequest,
  filter: ReportFilter | null,
  order: ReportOrder | null,
  page: ConnectionArgs,
): Promise<ConnectionValue<Report> | null> {
  return asClientErrors(async () => {
    const point = await resolvePoint(dataSource.manager, request);
    if (!point) return null;
    for (const field of CURRENT_ONLY) {
      const value = filter?.[field];
      if (value !== null && value !== undefined)
        throw new BadUserInputError(`filter.${field}`, "applies to the reports as they stand, not with asOf or release");
    }
    if (order && order.field !== "ID" && order.field !== "YEAR") throw new BadUserInputError("orderBy.field", "with asOf or release, order by ID or YEAR");
    const query = dataSource
      .getRepository(ReportRevision)
      .createQueryBuilder("revision")
      .innerJoin(Agency, "agency", "agency.id = revision.agency_id")
      .where("revision.id = (SELECT MAX(latest.id) FROM report_revision latest WHERE latest.report_id = revision.report_id AND latest.id <= :sequence)", {
        sequence: point.revisionId,
      })
      .andWhere("revision.kind <> 'DELETED'");
    if (filter) whereSelection(query, reportSelection(filter), { report: "revision", agency: "agency" });
    const direction = order?.direction ?? "ASC";
    const keyset: KeysetOrder =
      order?.field === "YEAR"
        ? {
            column: "revision.year",
            direction,
            idColumn: "revision.report_id",
            label: `YEAR ${direction}`,
            keyOf: (row: ReportRevision) => [row.year, row.reportId],
          }
        : {
            column: "revision.report_id",
            direction,
            idColumn: "revision.report_id",
            label: `ID ${direction}`,
            keyOf: (row: ReportRevision) => [row.reportId, row.reportId],
          };
    const revisions = await readPage(query, keyset, page);
    const current = await loaders.reportById.loadMany(revisions.nodes.map((revision) => revision.reportId));
    const views = revisions.nodes.map((revision, index) =>
      reportView(revision, current[index] instanceof Error ? null : (current[index] as Report | null), point),
    );
    return {
      ...revisions,
      nodes: views,
      edges: revisions.edges.map((edge, index) => ({ cursor: edge.cursor, node: views[index] })),
    } as ConnectionValue<Report>;
  });
}
