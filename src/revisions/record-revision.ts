import { In, IsNull, type EntityManager } from "typeorm";
import type { ReviewStatus, RevisionKind } from "../domain/codes";
import { Agency, CellVersion, IssueVersion, Report, ReportCell, ReportRevision, ValidationIssue, type RevisionFields } from "../entities";
import { nextRevision, type RevisionStamp } from "./revision-clock";

/** Why a report changed and who changed it: what every revision records. */
export interface RevisionEvent {
  readonly kind: RevisionKind;
  /** The token's name for a change over the API, `cli:USER` for one from the command line. */
  readonly actor: string;
  readonly reason?: string | null;
}

/** Who makes a change and, when they say, why: a revision's author. */
export type Author = Omit<RevisionEvent, "kind">;

/** The author of changes the service makes on its own (loading the samples, a library caller that names nobody). */
export const SYSTEM_AUTHOR: Author = { actor: "gongkai" };

/** The longest actor name and reason a revision keeps. */
export const ACTOR_MAX_LENGTH = 64;
export const REASON_MAX_LENGTH = 1024;

const ROWS_PER_STATEMENT = 500;

/** The report fields a revision keeps, as they stand, with its agency's name and kind. */
export function revisionFields(report: Report, agency: Pick<Agency, "name" | "kind">): RevisionFields {
  return {
    templateVersion: report.templateVersion,
    scope: report.scope,
    scopeSource: report.scopeSource,
    parsedScope: report.parsedScope,
    title: report.title,
    publishedAt: report.publishedAt,
    sourceUrl: report.sourceUrl,
    sourceFormat: report.sourceFormat,
    contentHash: report.contentHash,
    parserVersion: report.parserVersion,
    errorCount: report.errorCount,
    reviewStatus: report.reviewStatus,
    reviewedBy: report.reviewedBy,
    reviewedAt: report.reviewedAt?.toISOString() ?? null,
    reviewNote: report.reviewNote,
    agencyName: agency.name,
    agencyKind: agency.kind,
  };
}

/**
 * A versioned part of a report: its current table, its versions' table, and the columns both hold (all but the ids).
 * The rows are compared as the database returns them, never hydrated: the two tables store each value alike.
 */
interface VersionedPart {
  readonly current: string;
  readonly versions: string;
  readonly columns: readonly string[];
  /** What one row is of: a cell's code (its versions are one cell), or the row itself (an issue has no other identity). */
  readonly identity: (row: Row) => string;
}

/** What changed in a part: rows to copy as versions, versions to close, and how many cells or issues that is. */
interface PartChange {
  readonly added: number[];
  readonly closed: number[];
  readonly changed: number;
}

type Row = Record<string, unknown>;

const rowItself = (row: Row): string => String(row.id);

const CELLS: VersionedPart = {
  current: "report_cell",
  versions: "cell_version",
  columns: [
    "table_code",
    "row_code",
    "column_code",
    "value",
    "value_state",
    "raw_text",
    "line",
    "provenance",
    "candidates",
    "row_readings",
    "uncertainty",
    "decided_by",
  ],
  identity: (row) => `${String(row.table_code)}.${String(row.row_code)}.${String(row.column_code)}`,
};

const ISSUES: VersionedPart = {
  current: "validation_issue",
  versions: "issue_version",
  columns: ["rule", "severity", "message", "cell_codes", "line"],
  identity: rowItself,
};

/** A row's values as one comparable text (numbers as numbers, so that "1.0000" and 1 compare as the database returns them). */
function signature(row: Row, columns: readonly string[]): string {
  return JSON.stringify(columns.map((column) => (row[column] === undefined ? null : row[column])));
}

/**
 * What changed in a part of a report since its last revision: the current rows that are new (to be copied into
 * versions) and the open versions that are gone (to be closed). Equal rows are matched one to one, so a repeated issue
 * is counted as often as it is.
 */
async function diffPart(manager: EntityManager, part: VersionedPart, reportId: number): Promise<PartChange> {
  const columns = part.columns.join(", ");
  const current = (await manager.query(`SELECT id, ${columns} FROM ${part.current} WHERE report_id = ?`, [reportId])) as Row[];
  const versions = (await manager.query(`SELECT id, ${columns} FROM ${part.versions} WHERE report_id = ? AND valid_to IS NULL`, [reportId])) as Row[];
  const open = new Map<string, number[]>();
  for (const version of versions) {
    const key = signature(version, part.columns);
    open.set(key, [...(open.get(key) ?? []), Number(version.id)]);
  }
  const added: number[] = [];
  const touched = new Set<string>();
  for (const row of current) {
    const same = open.get(signature(row, part.columns));
    if (same && same.length > 0) same.pop();
    else {
      added.push(Number(row.id));
      touched.add(part.identity(row));
    }
  }
  const closed = new Set([...open.values()].flat());
  for (const version of versions) if (closed.has(Number(version.id))) touched.add(part.identity(version));
  return { added, closed: [...closed], changed: part.identity === rowItself ? added.length + closed.size : touched.size };
}

/** Closes the versions `closed` at the revision and copies the current rows `added` as versions valid from it. */
async function writePart(manager: EntityManager, part: VersionedPart, change: PartChange, revisionId: number): Promise<void> {
  const columns = part.columns.join(", ");
  for (let start = 0; start < change.closed.length; start += ROWS_PER_STATEMENT) {
    const ids = change.closed.slice(start, start + ROWS_PER_STATEMENT);
    await manager.query(`UPDATE ${part.versions} SET valid_to = ? WHERE id IN (${ids.map(() => "?").join(", ")})`, [revisionId, ...ids]);
  }
  for (let start = 0; start < change.added.length; start += ROWS_PER_STATEMENT) {
    const ids = change.added.slice(start, start + ROWS_PER_STATEMENT);
    await manager.query(
      `INSERT INTO ${part.versions} (report_id, valid_from, valid_to, ${columns})
       SELECT report_id, ?, NULL, ${columns} FROM ${part.current} WHERE id IN (${ids.map(() => "?").join(", ")}) ORDER BY id`,
      [revisionId, ...ids],
    );
  }
}

/** The review status after a change of `kind`: a verified report that changes needs review again. */
function statusAfter(previous: ReviewStatus, kind: RevisionKind, needsReview: boolean): ReviewStatus {
  if (kind === "VERIFIED") return "VERIFIED";
  if (previous !== "UNREVIEWED" || needsReview) return "NEEDS_REVIEW";
  return "UNREVIEWED";
}

/** What recording a revision may be told besides the event. */
export interface RevisionOptions {
  /** Write a revision even when no cell, issue or field changed (a verification, a reparse by a new parser version). */
  readonly always?: boolean;
  /** The change leaves something for a person to look at (a disputed correction, a divergent copy). */
  readonly needsReview?: boolean;
  /** The change leaves the report's data as it was (a second source that agrees): its review status stays. */
  readonly keepReviewStatus?: boolean;
  /** The write changed none of the report's cells (a neighbour whose X1–X3 were only rechecked): they are not compared. */
  readonly cellsUnchanged?: boolean;
}

/**
 * Records what the transaction has done to a report as its next revision: the cells and issues that differ from the
 * versions its last revision left current become new versions (the old ones closed), and the revision keeps the
 * report's fields, who, when and why. Answers the revision, or null when nothing changed (unless `always`). Runs at
 * the end of the write's transaction, after the report's rows are written (the clock's lock is taken here).
 */
export async function recordRevision(
  manager: EntityManager,
  reportId: number,
  event: RevisionEvent,
  options: RevisionOptions = {},
): Promise<ReportRevision | null> {
  const report = await manager.findOneByOrFail(Report, { id: reportId });
  const cells: PartChange = options.cellsUnchanged ? { added: [], closed: [], changed: 0 } : await diffPart(manager, CELLS, reportId);
  const issues = await diffPart(manager, ISSUES, reportId);
  const previous = report.revision > 0 ? await manager.findOneBy(ReportRevision, { reportId, number: report.revision }) : null;
  const cellsChanged = cells.changed;
  const issuesChanged = issues.changed;
  const agency = await manager.findOneByOrFail(Agency, { id: report.agencyId });
  const fieldsChanged = JSON.stringify(previous?.fields ?? null) !== JSON.stringify(revisionFields(report, agency));
  if (!options.always && cellsChanged === 0 && issuesChanged === 0 && !fieldsChanged) return null;
  const reviewStatus = options.keepReviewStatus ? report.reviewStatus : statusAfter(report.reviewStatus, event.kind, options.needsReview ?? false);
  const fields = revisionFields({ ...report, reviewStatus }, agency);
  const stamp = await nextRevision(manager);
  await writePart(manager, CELLS, cells, stamp.id);
  await writePart(manager, ISSUES, issues, stamp.id);
  const revision = await insertRevision(manager, report, stamp, event, { cellsChanged, issuesChanged, fields });
  await manager.update(Report, { id: reportId }, { revision: revision.number, revisedAt: stamp.committedAt, reviewStatus });
  return revision;
}

/**
 * Records a report's deletion, before its rows are deleted: every current version closed, and a DELETED revision
 * keeping the fields it had. Its history stays.
 */
export async function recordDeletion(manager: EntityManager, report: Report, event: Omit<RevisionEvent, "kind">): Promise<ReportRevision> {
  const stamp = await nextRevision(manager);
  await manager.update(CellVersion, { reportId: report.id, validTo: IsNull() }, { validTo: stamp.id });
  await manager.update(IssueVersion, { reportId: report.id, validTo: IsNull() }, { validTo: stamp.id });
  return insertRevision(
    manager,
    report,
    stamp,
    { ...event, kind: "DELETED" },
    {
      cellsChanged: await manager.countBy(ReportCell, { reportId: report.id }),
      issuesChanged: await manager.countBy(ValidationIssue, { reportId: report.id }),
      fields: revisionFields(report, await manager.findOneByOrFail(Agency, { id: report.agencyId })),
    },
  );
}

/** Writes the report's next revision row: the event, who and why (cut to what the columns hold), what changed, the fields after it. */
async function insertRevision(
  manager: EntityManager,
  report: Report,
  stamp: RevisionStamp,
  event: RevisionEvent,
  change: { readonly cellsChanged: number; readonly issuesChanged: number; readonly fields: RevisionFields },
): Promise<ReportRevision> {
  const revision = manager.create(ReportRevision, {
    id: stamp.id,
    reportId: report.id,
    agencyId: report.agencyId,
    year: report.year,
    number: report.revision + 1,
    kind: event.kind,
    actor: event.actor.slice(0, ACTOR_MAX_LENGTH),
    reason: event.reason?.slice(0, REASON_MAX_LENGTH) ?? null,
    committedAt: stamp.committedAt,
    templateVersion: change.fields.templateVersion,
    scope: change.fields.scope,
    ...change,
  });
  await manager.insert(ReportRevision, revision);
  return revision;
}

/**
 * Records the revisions of the agency's reports of `years` other than `exceptReportId` that the write changed (a
 * neighbouring year re-decided by evidence, `redecided`, or its X1–X3 issues rechecked), each as NEIGHBOUR_CHANGED by
 * the same actor.
 */
export async function recordNeighbourRevisions(
  manager: EntityManager,
  agencyId: number,
  years: readonly number[],
  exceptReportId: number | null,
  event: RevisionEvent,
  changedYear: number,
  redecided: readonly number[],
): Promise<void> {
  if (years.length === 0) return;
  const reports = await manager.find(Report, { where: { agencyId, year: In([...years]) }, order: { year: "ASC" } });
  for (const report of reports) {
    if (report.id === exceptReportId) continue;
    const reason = `the report of ${changedYear} changed (${event.kind.toLowerCase()}): evidence and continuity re-checked`;
    // Only a re-decided neighbour's cells changed; the others' X1–X3 issues at most.
    await recordRevision(manager, report.id, { kind: "NEIGHBOUR_CHANGED", actor: event.actor, reason }, { cellsUnchanged: !redecided.includes(report.year) });
  }
}
