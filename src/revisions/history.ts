import { LessThanOrEqual, type EntityManager } from "typeorm";
import { CellVersion, DataRelease, IssueVersion, ReportRevision, RevisionClock } from "../entities";
import { lastRevisionId } from "./revision-clock";
import { RevisionInputError, RevisionNotFoundError } from "./revision-errors";

/**
 * Reading the data as it was: a point in the history is a revision id (every revision committed up to it, none
 * after), named by a moment (`asOf`) or by a release. A report as of N is its latest revision with id ≤ N (none, or a
 * DELETED one: it did not exist then), with the cells and issues whose versions were valid at N.
 */

/** A point in the history, and how the caller named it. */
export interface HistoryPoint {
  readonly revisionId: number;
  readonly asOf: Date | null;
  readonly release: string | null;
}

/** How a caller names a point: a moment or a release (at most one). */
export interface PointRequest {
  readonly asOf?: Date | null;
  readonly release?: string | null;
}

/**
 * The revision id a request names, or null when it names none (the current data). Throws RevisionInputError when it
 * names both, RevisionNotFoundError for an unknown release.
 */
export async function resolvePoint(manager: EntityManager, request: PointRequest): Promise<HistoryPoint | null> {
  const { asOf, release } = request;
  if (asOf && release) throw new RevisionInputError("release", "give asOf or release, not both");
  if (release !== undefined && release !== null) {
    const found = await manager.findOneBy(DataRelease, { name: release });
    if (!found) throw new RevisionNotFoundError("Release", release);
    return { revisionId: found.revisionId, asOf: null, release };
  }
  if (!asOf) return null;
  if (Number.isNaN(asOf.getTime())) throw new RevisionInputError("asOf", "is not a moment");
  // A moment to come would answer with what is committed now and something else later: not a point in the history.
  // (Commit times may run a few milliseconds ahead of the clock: the last one is always a moment one may ask for.)
  const clock = await manager.findOneBy(RevisionClock, { id: 1 });
  const now = Math.max(Date.now(), clock?.lastCommittedAt.getTime() ?? 0);
  if (asOf.getTime() > now)
    throw new RevisionInputError(
      "asOf",
      `${asOf.toISOString()} is later than now (${new Date(now).toISOString()}): ask without asOf for the data as it stands`,
    );
  const latest = await manager.findOne(ReportRevision, { where: { committedAt: LessThanOrEqual(asOf) as never }, order: { id: "DESC" } });
  return { revisionId: latest?.id ?? 0, asOf, release: null };
}

/** A report as of a point: its revision then, and the cells and issues valid then. */
export interface ReportState {
  readonly revision: ReportRevision;
  readonly cells: readonly CellVersion[];
  readonly issues: readonly IssueVersion[];
}

/** The report's latest revision at or before `revisionId`, DELETED included; null when it had none yet. */
export function revisionAt(manager: EntityManager, reportId: number, revisionId: number): Promise<ReportRevision | null> {
  return manager.findOne(ReportRevision, { where: { reportId, id: LessThanOrEqual(revisionId) }, order: { id: "DESC" } });
}

/** What is valid at revision N of a versioned table (cell_version, issue_version), as SQL with two `?` for N. */
export function validAtSql(alias: string): string {
  return `${alias}.valid_from <= ? AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > ?)`;
}

/**
 * The reports as of revision N, as SQL with two `?` for N: each report's latest revision with id ≤ N, when it is not
 * a deletion (alias `rv`, columns report_id, agency_id, year, template_version, scope, fields).
 */
export function reportsAtSql(alias: string): string {
  return `report_revision ${alias} WHERE ${alias}.id = (SELECT MAX(latest.id) FROM report_revision latest WHERE latest.report_id = ${alias}.report_id AND latest.id <= ?) AND ${alias}.kind <> 'DELETED' AND ${alias}.id <= ?`;
}

/**
 * A report as of `point`. Throws RevisionInputError (on `asOf` or `release`) when the report did not exist then:
 * not yet ingested, or deleted by then.
 */
export async function reportStateAt(manager: EntityManager, reportId: number, point: HistoryPoint): Promise<ReportState> {
  const revision = await revisionAt(manager, reportId, point.revisionId);
  const named = point.release !== null ? `release ${JSON.stringify(point.release)}` : `${point.asOf!.toISOString()}`;
  const field = point.release !== null ? "release" : "asOf";
  if (!revision) {
    const first = await manager.findOne(ReportRevision, { where: { reportId }, order: { id: "ASC" } });
    if (!first) throw new RevisionNotFoundError("Report", reportId);
    throw new RevisionInputError(field, `report ${reportId} did not exist at ${named}: it was first stored at ${first.committedAt.toISOString()}`);
  }
  if (revision.kind === "DELETED")
    throw new RevisionInputError(field, `report ${reportId} did not exist at ${named}: it was deleted at ${revision.committedAt.toISOString()}`);
  return { revision, ...(await partsAt(manager, [reportId], point.revisionId)).get(reportId)! };
}

/** The cells and issues of `reportIds` valid at revision `revisionId`, by report id, cells in code order. */
export async function partsAt(
  manager: EntityManager,
  reportIds: readonly number[],
  revisionId: number,
): Promise<Map<number, { cells: CellVersion[]; issues: IssueVersion[] }>> {
  const parts = new Map(reportIds.map((id) => [id, { cells: [] as CellVersion[], issues: [] as IssueVersion[] }]));
  if (reportIds.length === 0) return parts;
  const valid = "v.report_id IN (:...reportIds) AND v.valid_from <= :revisionId AND (v.valid_to IS NULL OR v.valid_to > :revisionId)";
  const cells = await manager.createQueryBuilder(CellVersion, "v").where(valid, { reportIds, revisionId }).getMany();
  // In code order by code point, the same on every database (a collation would order "_" differently).
  const code = (cell: CellVersion) => `${cell.tableCode}\u0000${cell.rowCode}\u0000${cell.columnCode}`;
  cells.sort((a, b) => (code(a) < code(b) ? -1 : code(a) > code(b) ? 1 : 0));
  for (const cell of cells) parts.get(cell.reportId)!.cells.push(cell);
  const issues = await manager.createQueryBuilder(IssueVersion, "v").where(valid, { reportIds, revisionId }).orderBy("v.id").getMany();
  for (const issue of issues) parts.get(issue.reportId)!.issues.push(issue);
  return parts;
}

/** The last revision committed: the point a release made now names. */
export { lastRevisionId };

/** One cell's change in a revision: its value and state before and after (null where it did not exist). */
export interface CellChange {
  readonly cell: string;
  readonly before: { readonly value: number | null; readonly state: string; readonly rawText: string | null } | null;
  readonly after: { readonly value: number | null; readonly state: string; readonly rawText: string | null } | null;
}

/**
 * The cell-level diff of each of `revisionIds`: the versions a revision closed (before) and opened (after), matched by
 * cell; a cell whose value, state and printed text stayed (a version reopened for another field, such as its
 * provenance) is listed too, with equal sides. In cell code order.
 */
export async function cellChanges(manager: EntityManager, revisionIds: readonly number[]): Promise<Map<number, CellChange[]>> {
  const byRevision = new Map(revisionIds.map((id) => [id, new Map<string, { before: CellChange["before"]; after: CellChange["after"] }>()]));
  if (revisionIds.length === 0) return new Map(revisionIds.map((id) => [id, []]));
  // Two statements, each on its own index (an OR of the two would read the whole table).
  const ids = [...revisionIds];
  const rows = [
    ...(await manager.createQueryBuilder(CellVersion, "v").where("v.valid_from IN (:...ids)", { ids }).getMany()),
    ...(await manager.createQueryBuilder(CellVersion, "v").where("v.valid_to IN (:...ids)", { ids }).getMany()),
  ];
  const side = (version: CellVersion) => ({ value: version.value, state: version.valueState, rawText: version.rawText });
  const entry = (revision: number, code: string) => {
    const changes = byRevision.get(revision)!;
    if (!changes.has(code)) changes.set(code, { before: null, after: null });
    return changes.get(code)!;
  };
  for (const version of rows) {
    const code = `${version.tableCode}.${version.rowCode}.${version.columnCode}`;
    if (byRevision.has(version.validFrom)) entry(version.validFrom, code).after = side(version);
    if (version.validTo !== null && byRevision.has(version.validTo)) entry(version.validTo, code).before = side(version);
  }
  return new Map(
    [...byRevision].map(([id, changes]) => [id, [...changes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([cell, change]) => ({ cell, ...change }))]),
  );
}

/**
 * The condition that makes alias `alias` of report_revision a report as of revision N (its latest revision with
 * id ≤ N, not a deletion), with two `?` for N: `reportsAtSql` without its FROM, for queries that join other tables.
 */
export function reportAtCondition(alias: string): string {
  return `${alias}.id = (SELECT MAX(latest.id) FROM report_revision latest WHERE latest.report_id = ${alias}.report_id AND latest.id <= ?) AND ${alias}.kind <> 'DELETED' AND ${alias}.id <= ?`;
}
