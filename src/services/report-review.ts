import type { DataSource, EntityManager } from "typeorm";
import { In } from "typeorm";
import { recordCellCode } from "../domain/cell";
import { REPORT_SCOPES, type ReportScope } from "../domain/codes";
import { Agency, CellCorrection, Report, ReportRevision } from "../entities";
import { rereadReport } from "../ingest/reparse";
import { recomputeContinuity } from "../ingest/continuity";
import { continuityYears, lockAgency, redecideNeighbours } from "../ingest/evidence";
import { writeCellsAndIssues, writeTransaction } from "../ingest/ingest-report";
import {
  checkCorrections,
  MAX_CORRECTIONS,
  NOTE_MAX,
  overlayCorrections,
  standingCorrections,
  storedParse,
  type CorrectionInput,
} from "../revisions/corrections";
import { recordNeighbourRevisions, recordRevision, type Author, type RevisionEvent } from "../revisions/record-revision";
import { rederive } from "../parse/rederive";
import { isRetryableConflict } from "../ingest/ingest-errors";
import { RevisionConflictError, RevisionInputError, RevisionNotFoundError } from "../revisions/revision-errors";

/**
 * A maintainer's writes: corrections of cells, their reversal, and verification. Each names the revision of the
 * report it was decided on; under the agency's lock the report is read again, and a revision that is no longer its
 * latest is refused (RevisionConflictError) with nothing written, so that of two people working on one report the
 * second hears of the first. Each change is one transaction and one revision, by the token's name.
 */

/** Tries of a maintainer's change that meets a deadlock or a lock timeout with a concurrent writer. */
const ATTEMPTS = 5;

/**
 * A maintainer's change in a write transaction (`writeTransaction`), run again when it meets a deadlock, a lock timeout
 * or a SQLite busy snapshot: under the agency's lock the report is then read again, so a change another writer made
 * in between is answered as a conflict, never written over.
 */
async function reviewTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await writeTransaction(dataSource, work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryableConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2 ** attempt, 100) * (1 + Math.random())));
    }
  }
}

/** What a maintainer's change did: the report as it now stands and the revision that recorded it. */
export interface ReviewOutcome {
  readonly report: Report;
  readonly revision: ReportRevision;
}

/** Reads the report under its agency's lock and checks that `revision` is its latest. */
async function lockedReport(manager: EntityManager, reportId: number, revision: number): Promise<Report> {
  const listed = await manager.findOneBy(Report, { id: reportId });
  if (!listed) throw new RevisionNotFoundError("Report", reportId);
  await lockAgency(manager, listed.agencyId);
  const report = await manager.findOneBy(Report, { id: reportId });
  if (!report) throw new RevisionNotFoundError("Report", reportId);
  if (report.revision !== revision) throw new RevisionConflictError(reportId, revision, report.revision);
  return report;
}

/**
 * Lays the report's standing corrections over its parse (`storedParse`, read before they changed) again, writes its cells and issues (derived cells and R1–R5
 * recomputed), re-decides its neighbours, rechecks X1–X3 around it, and records the revision and the neighbours'.
 */
async function rewriteWithCorrections(
  manager: EntityManager,
  report: Report,
  parse: Awaited<ReturnType<typeof storedParse>>,
  event: RevisionEvent,
): Promise<ReportRevision> {
  // Laid over, or with none left standing (a reversal), the derived cells and R1–R5 are computed again either way.
  const standing = await standingCorrections(manager, report.id);
  const overlaid =
    standing.length > 0
      ? overlayCorrections(parse, standing)
      : rederive(
          parse,
          parse.cells.filter((cell) => cell.state !== "DERIVED"),
        );
  await writeCellsAndIssues(manager, report.id, overlaid);
  await manager.update(Report, { id: report.id }, { errorCount: overlaid.issues.filter((issue) => issue.severity === "error").length });
  const redecided = await redecideNeighbours(manager, report.agencyId, report.year);
  const years = continuityYears(report.year, redecided);
  await recomputeContinuity(manager, report.agencyId, years);
  const revision = (await recordRevision(manager, report.id, event, { always: true }))!;
  await recordNeighbourRevisions(manager, report.agencyId, years, report.id, event, report.year, redecided);
  return revision;
}

/** A request to correct cells of a report at a revision. */
export interface CorrectionRequest {
  readonly reportId: number;
  readonly revision: number;
  readonly corrections: readonly CorrectionInput[];
}

/**
 * Corrects cells of a report: each correction is kept with the parser's reading beside it (a cell corrected before
 * keeps the parser's reading of its first correction, which the new one supersedes), the cells take the values or
 * states, and the report is re-validated with everything derived from it in the same transaction. Throws
 * RevisionInputError (a field of the request), RevisionNotFoundError, RevisionConflictError; writes nothing then.
 */
export async function correctCells(dataSource: DataSource, request: CorrectionRequest, author: Author): Promise<ReviewOutcome> {
  return reviewTransaction(dataSource, async (manager) => {
    const report = await lockedReport(manager, request.reportId, request.revision);
    const checked = checkCorrections(report.templateVersion, request.corrections);
    const standing = new Map((await standingCorrections(manager, report.id)).map((correction) => [recordCellCode(correction), correction]));
    const parse = await storedParse(manager, report.id, [...standing.values()]);
    const now = new Date();
    for (const correction of checked) {
      const superseded = standing.get(correction.code);
      const cell = parse.cells.find((candidate) => `${candidate.table}.${candidate.row}.${candidate.column}` === correction.code);
      if (superseded)
        await manager.update(
          CellCorrection,
          { id: superseded.id },
          {
            revertedBy: author.actor,
            revertedAt: now,
            revertedRevisionId: 0,
            revertReason: `superseded by a new correction: ${correction.reason}`.slice(0, NOTE_MAX),
          },
        );
      await manager.insert(CellCorrection, {
        reportId: report.id,
        tableCode: correction.tableCode,
        rowCode: correction.rowCode,
        columnCode: correction.columnCode,
        value: correction.value,
        valueState: correction.valueState,
        reason: correction.reason,
        evidence: correction.evidence,
        actor: author.actor,
        createdAt: now,
        revisionId: 0,
        parsedValue: cell?.value ?? null,
        parsedState: cell?.state ?? null,
        parsedRawText: cell?.raw?.slice(0, 255) ?? null,
        parserVersion: report.parserVersion,
        status: "STANDS",
        revertedBy: null,
        revertedAt: null,
        revertedRevisionId: null,
        revertReason: null,
      });
    }
    const cells = checked.map((correction) => correction.code).join(", ");
    const reason = author.reason ?? `corrected ${cells}: ${[...new Set(checked.map((correction) => correction.reason))].join("; ")}`;
    const revision = await rewriteWithCorrections(manager, report, parse, { kind: "CORRECTED", actor: author.actor, reason });
    await manager.update(CellCorrection, { reportId: report.id, revisionId: 0 }, { revisionId: revision.id });
    await manager.update(CellCorrection, { reportId: report.id, revertedRevisionId: 0 }, { revertedRevisionId: revision.id });
    return { report: await manager.findOneByOrFail(Report, { id: report.id }), revision };
  });
}

/** A request to revert standing corrections of a report at a revision. */
export interface RevertRequest {
  readonly reportId: number;
  readonly revision: number;
  readonly correctionIds: readonly number[];
  readonly reason: string;
}

/**
 * Reverts standing corrections: each cell goes back to the parser's reading kept beside it; the correction stays in
 * the history, marked reverted by whom, when and why. Throws as `correctCells` does.
 */
export async function revertCorrections(dataSource: DataSource, request: RevertRequest, author: Author): Promise<ReviewOutcome> {
  if (request.correctionIds.length === 0) throw new RevisionInputError("correctionIds", "lists no correction");
  if (request.correctionIds.length > MAX_CORRECTIONS)
    throw new RevisionInputError("correctionIds", `lists ${request.correctionIds.length} corrections, over the ${MAX_CORRECTIONS} one request may revert`);
  const repeated = request.correctionIds.findIndex((id, index) => request.correctionIds.indexOf(id) !== index);
  if (repeated >= 0) throw new RevisionInputError(`correctionIds[${repeated}]`, `correction ${request.correctionIds[repeated]} is listed twice`);
  if (!request.reason || request.reason.trim() === "") throw new RevisionInputError("reason", "is required: say why, in words");
  if (request.reason.length > NOTE_MAX) throw new RevisionInputError("reason", `is ${request.reason.length} characters long, over the ${NOTE_MAX} kept`);
  return reviewTransaction(dataSource, async (manager) => {
    const report = await lockedReport(manager, request.reportId, request.revision);
    const found = await manager.find(CellCorrection, { where: { id: In([...request.correctionIds]), reportId: report.id } });
    request.correctionIds.forEach((id, index) => {
      const correction = found.find((candidate) => candidate.id === id);
      if (!correction) throw new RevisionInputError(`correctionIds[${index}]`, `correction ${id} is not a correction of report ${report.id}`);
      if (correction.revertedAt) throw new RevisionInputError(`correctionIds[${index}]`, `correction ${id} was already reverted or superseded`);
    });
    const parse = await storedParse(manager, report.id, await standingCorrections(manager, report.id));
    await manager.update(
      CellCorrection,
      { id: In(found.map((correction) => correction.id)) },
      { revertedBy: author.actor, revertedAt: new Date(), revertedRevisionId: 0, revertReason: request.reason.trim() },
    );
    const cells = found.map((correction) => recordCellCode(correction)).join(", ");
    const reason = author.reason ?? `reverted the corrections of ${cells}: ${request.reason.trim()}`;
    const revision = await rewriteWithCorrections(manager, report, parse, { kind: "REVERTED", actor: author.actor, reason });
    await manager.update(CellCorrection, { reportId: report.id, revertedRevisionId: 0 }, { revertedRevisionId: revision.id });
    return { report: await manager.findOneByOrFail(Report, { id: report.id }), revision };
  });
}

/** Marks a report VERIFIED by a person at its latest revision, with their note. Throws as `correctCells` does. */
export async function verifyReport(
  dataSource: DataSource,
  request: { reportId: number; revision: number; note: string | null },
  author: Author,
): Promise<ReviewOutcome> {
  if (request.note && request.note.length > NOTE_MAX)
    throw new RevisionInputError("note", `is ${request.note.length} characters long, over the ${NOTE_MAX} kept`);
  return reviewTransaction(dataSource, async (manager) => {
    const report = await lockedReport(manager, request.reportId, request.revision);
    const note = request.note?.trim() || null;
    await manager.update(Report, { id: report.id }, { reviewedBy: author.actor, reviewedAt: new Date(), reviewNote: note });
    const reason = author.reason ?? (note ? `verified: ${note}` : "verified");
    const revision = (await recordRevision(manager, report.id, { kind: "VERIFIED", actor: author.actor, reason }, { always: true }))!;
    return { report: await manager.findOneByOrFail(Report, { id: report.id }), revision };
  });
}

/**
 * Sets a report's scope as a maintainer's (scope source MAINTAINER, kept over every later parse; the parser's reading
 * stays beside it): the report is read again under it, its open rows decided and X1–X3 rechecked against the years
 * around it, which compare reports of the same scope only. Throws as `correctCells` does.
 */
export async function setReportScope(
  dataSource: DataSource,
  request: { reportId: number; revision: number; scope: ReportScope; reason: string },
  author: Author,
): Promise<ReviewOutcome> {
  if (!(REPORT_SCOPES as readonly string[]).includes(request.scope)) throw new RevisionInputError("scope", `must be one of ${REPORT_SCOPES.join(", ")}`);
  if (!request.reason || request.reason.trim() === "") throw new RevisionInputError("reason", "is required: say why, in words");
  if (request.reason.length > NOTE_MAX) throw new RevisionInputError("reason", `is ${request.reason.length} characters long, over the ${NOTE_MAX} kept`);
  return reviewTransaction(dataSource, async (manager) => {
    const report = await lockedReport(manager, request.reportId, request.revision);
    const agency = await manager.findOneByOrFail(Agency, { id: report.agencyId });
    const previous = report.scope;
    const reason =
      author.reason ?? `scope set to ${request.scope} (was ${previous}, the parser reads ${report.parsedScope ?? "nothing"}): ${request.reason.trim()}`;
    await rereadReport(
      manager,
      Object.assign(report, { scope: request.scope, scopeSource: "MAINTAINER" as const }),
      agency.name,
      {
        kind: "SCOPE_SET",
        actor: author.actor,
        reason: () => reason,
      },
      true,
    );
    const revision = await manager.findOneByOrFail(ReportRevision, {
      reportId: report.id,
      number: (await manager.findOneByOrFail(Report, { id: report.id })).revision,
    });
    return { report: await manager.findOneByOrFail(Report, { id: report.id }), revision };
  });
}
