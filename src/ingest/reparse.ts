import { MoreThan, type DataSource, type EntityManager } from "typeorm";
import type { RevisionKind } from "../domain/codes";
import { recomputeContinuity } from "./continuity";
import { cellCode, recordCellCode, toCellRecord, type CellRecord } from "../domain/cell";
import { continuityYears, decideOpenRows, lockAgency, redecideNeighbours } from "./evidence";
import { Agency, Report, ReportCell } from "../entities";
import { PARSER_VERSION, type ParsedReport } from "../parse";
import { parseSource, writeReportParts, writeTransaction } from "./ingest-report";
import { loadSource } from "./source-store";
import { applyStandingCorrections, describeCheck, type CorrectionCheck } from "../revisions/corrections";
import { recordNeighbourRevisions, recordRevision, SYSTEM_AUTHOR, type Author } from "../revisions/record-revision";

/** What re-parsing one report changed. */
export interface ReparseOutcome {
  readonly reportId: number;
  readonly agencyName: string;
  readonly year: number;
  /** Cells added, removed, or with another value, state or printed text. */
  readonly changedCells: number;
  readonly error?: string;
}

const PAGE = 50;

/** What a re-parse compares of a stored cell: value, state, printed text, and what is known of its alternatives. */
function signature(record: CellRecord): string {
  return JSON.stringify([record.value, record.valueState, record.rawText, record.candidates, record.rowReadings, record.uncertainty, record.decidedBy]);
}

/** Counts the cells that differ between the stored report and a new parse. */
function countChanges(stored: readonly ReportCell[], parsed: ParsedReport): number {
  const before = new Map(stored.map((cell) => [recordCellCode(cell), signature(cell)]));
  const after = new Map(parsed.cells.map((cell) => [cellCode(cell), signature(toCellRecord(cell))]));
  let changed = 0;
  for (const [code, value] of after) if (before.get(code) !== value) changed += 1;
  for (const code of before.keys()) if (!after.has(code)) changed += 1;
  return changed;
}

/**
 * Re-parses every stored report from its kept source with the current parser, one transaction per report, and
 * reports how many cells changed. Identity (agency, year) and caller metadata stay as stored; the parser's reading of
 * the scope and its evidence are renewed, and become the report's scope unless a maintainer set it (scope source
 * MAINTAINER), which stays. A report whose source no longer parses keeps its data and is reported with the error.
 */
export async function reparseAll(
  dataSource: DataSource,
  onReport: (outcome: ReparseOutcome) => void = () => {},
  author: Author = SYSTEM_AUTHOR,
): Promise<ReparseOutcome[]> {
  const outcomes: ReparseOutcome[] = [];
  for (let after = 0; ;) {
    const reports = await dataSource.getRepository(Report).find({ where: { id: MoreThan(after) }, order: { id: "ASC" }, take: PAGE });
    if (reports.length === 0) return outcomes;
    for (const report of reports) {
      const outcome = await reparseOne(dataSource, report, author);
      outcomes.push(outcome);
      onReport(outcome);
    }
    after = reports[reports.length - 1].id;
  }
}

/** The scope fields after a re-parse: the parser's new reading, under a maintainer's override when there is one. */
function scopeFields(report: Report, parsed: ParsedReport) {
  const maintained = report.scopeSource === "MAINTAINER";
  return {
    scope: maintained ? report.scope : parsed.scope,
    scopeSource: maintained ? ("MAINTAINER" as const) : (parsed.scopeSource ?? ("PARSED_TEXT" as const)),
    parsedScope: parsed.scope,
    scopeEvidence: [...(parsed.scopeEvidence ?? [])],
  };
}

/**
 * Re-parses one report in its own transaction, the agency locked first (`lockAgency`) and the report read again
 * under the lock: a writer may have replaced or deleted it since the page was read.
 */
async function reparseOne(dataSource: DataSource, listed: Report, author: Author): Promise<ReparseOutcome> {
  const agency = await dataSource.getRepository(Agency).findOneByOrFail({ id: listed.agencyId });
  const base = { reportId: listed.id, agencyName: agency.name, year: listed.year };
  try {
    return await writeTransaction(dataSource, async (manager) => {
      await lockAgency(manager, listed.agencyId);
      const report = await manager.findOneBy(Report, { id: listed.id });
      if (!report) return { ...base, changedCells: 0 };
      const changedCells = await rereadReport(manager, report, agency.name, {
        kind: "REPARSED",
        actor: author.actor,
        reason: (changed, check) => {
          const checked = check.standing > 0 ? `; ${describeCheck(check)}` : "";
          return author.reason ?? `re-parsed by parser ${PARSER_VERSION} (was ${report.parserVersion}): ${changed} cells changed${checked}`;
        },
      });
      return { ...base, changedCells };
    });
  } catch (error) {
    return { ...base, changedCells: 0, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Why a report is read again, by whom, and the reason in words once the outcome is known. */
export interface RereadEvent {
  readonly kind: RevisionKind;
  readonly actor: string;
  readonly reason: (changedCells: number, check: CorrectionCheck) => string;
}

/**
 * Reads a stored report again from its kept source with the current parser, in the caller's transaction (the agency
 * locked): its open rows decided, a person's corrections laid over the reading (which is kept beside each), and,
 * when anything changed (or `force`), its row, cells, sections and issues rewritten, its neighbours re-decided, X1–X3
 * rechecked around it and the revisions recorded. `report` may carry a new maintainer's scope not stored yet (a scope
 * override). Answers how many cells changed.
 */
export async function rereadReport(manager: EntityManager, report: Report, agencyName: string, event: RereadEvent, force = false): Promise<number> {
  const { parsed: read } = await parseSource(await loadSource(manager, report.contentHash));
  const scope = scopeFields(report, read);
  const decided = await decideOpenRows(manager, { agencyId: report.agencyId, year: report.year, scope: scope.scope }, read);
  // A person's corrections stand over the new reading, which is kept beside each and compared with it.
  const check = await applyStandingCorrections(manager, report.id, decided);
  const parsed = check.report;
  const stored = await manager.find(ReportCell, { where: { reportId: report.id } });
  const changedCells = countChanges(stored, parsed);
  const errorCount = parsed.issues.filter((issue) => issue.severity === "error").length;
  const scopeChanged = scope.scope !== report.scope || scope.parsedScope !== report.parsedScope || scope.scopeSource !== report.scopeSource;
  const changed = changedCells > 0 || scopeChanged || report.parserVersion !== PARSER_VERSION || report.errorCount !== errorCount || check.changed > 0;
  // A report with corrections gets a revision each time, its review status kept when nothing changed: on record that
  // the parser read it again and what it said of each correction.
  if (!changed && !force) {
    if (check.standing === 0) return 0;
    const reason = event.reason(0, check);
    await recordRevision(manager, report.id, { kind: event.kind, actor: event.actor, reason }, { always: true, keepReviewStatus: true });
    return 0;
  }
  const kept = { ...parsed, agencyName, year: report.year, scope: scope.scope };
  await manager.update(
    Report,
    { id: report.id },
    {
      templateVersion: parsed.templateVersion,
      title: parsed.title?.slice(0, 255) ?? null,
      parserVersion: PARSER_VERSION,
      errorCount,
      narrativeFacts: [...(parsed.narrative ?? [])],
      ...scope,
    },
  );
  await writeReportParts(manager, report.id, kept);
  const redecided = await redecideNeighbours(manager, report.agencyId, report.year);
  const years = continuityYears(report.year, redecided);
  await recomputeContinuity(manager, report.agencyId, years);
  const reason = event.reason(changedCells, check);
  await recordRevision(manager, report.id, { kind: event.kind, actor: event.actor, reason }, { always: true, needsReview: check.disputed > 0 });
  await recordNeighbourRevisions(manager, report.agencyId, years, report.id, { kind: event.kind, actor: event.actor }, report.year, redecided);
  return changedCells;
}
