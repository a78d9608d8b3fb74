import type { DataSource, EntityManager } from "typeorm";
import type { ReportScope, ScopeSource, SourceFormat } from "../domain/codes";
import { describeRegion, resolveRegion } from "../domain/region-lookup";
import { Agency, AgencyAlias, Report, ReportCell, ReportSection, ValidationIssue } from "../entities";
import { openDocument, type DocumentClues } from "../documents/document-format";
import { PARSER_VERSION, type ParsedReport } from "../parse";
import { recomputeContinuity } from "./continuity";
import { continuityYears, decideOpenRows, lockAgency, redecideNeighbours } from "./evidence";
import { agencyKindOf, canonicalAgencyName } from "./agency-identity";
import { errorMessage, IngestError, isRefusedValue, isRetryableConflict } from "./ingest-errors";
import type { IngestMetadata } from "./ingest-metadata";
import { issueRow } from "./issue-rows";
import { storeSource, type SourceBytes } from "./source-store";
import { markOutOfRangeValues } from "./value-range";
import { toCellRecord } from "../domain/cell";
import { applyStandingCorrections } from "../revisions/corrections";
import { recordNeighbourRevisions, recordRevision, SYSTEM_AUTHOR, type Author } from "../revisions/record-revision";
import { isSecondSource, keepCopy } from "./report-copies";

/**
 * What ingesting one source did: stored a new report, replaced a report's content from the same source, found it
 * unchanged, or kept a second source's copy beside the served report (report-copies.ts): "divergent" when the copy
 * disagrees with it in some cell, "confirmed" when it agrees in every cell.
 */
export type IngestStatus = "ingested" | "updated" | "unchanged" | "divergent" | "confirmed";

export interface IngestOutcome {
  readonly status: IngestStatus;
  readonly reportId: number;
  readonly agencyId: number;
  readonly agencyName: string;
  readonly year: number;
  readonly errorCount: number;
}

/** A report ready to store: the parse with the caller's metadata applied and its identity resolved. */
interface ResolvedReport {
  readonly parsed: ParsedReport;
  readonly regionCode: string;
  readonly agencyName: string;
  readonly year: number;
  readonly metadata: IngestMetadata;
  /** The parser's own reading of the scope, kept beside a maintainer's override. */
  readonly parsedScope: ReportScope;
  /** How the scope stored was decided: MAINTAINER when the caller set it, else the parser's source. */
  readonly scopeSource: ScopeSource;
}

const MAX_ATTEMPTS = 10;
/** The agency and alias name columns' length. */
const MAX_AGENCY_NAME = 128;
const ROWS_PER_INSERT = 500;

/**
 * A document to ingest: its bytes and what else is known of it. `format` is the format the caller says it is in (an
 * API client, a stored source); the bytes, a Content-Type and a file name decide it otherwise (document-format.ts).
 */
export interface IngestDocument {
  readonly bytes: Buffer;
  readonly format?: SourceFormat | null;
  readonly fileName?: string | null;
  readonly contentType?: string | null;
}

/** The clues document-format.ts detects a document's format from. */
function cluesOf(document: IngestDocument): DocumentClues {
  return { bytes: document.bytes, declared: document.format, fileName: document.fileName, contentType: document.contentType };
}

/** Reads a document in its detected format; throws IngestError for one that is not a report or cannot be read. */
async function readSource(document: IngestDocument): Promise<{ format: SourceFormat; parsed: ParsedReport }> {
  const { format, result } = await openDocument(cluesOf(document));
  if (result.kind === "report") return { format, parsed: result.report };
  if (result.kind === "not-a-report") throw new IngestError(`not a recognisable annual report: ${result.reason}`);
  throw new IngestError(result.reason);
}

/**
 * Detects a document's format and parses it in that format, with every value that does not fit a cell marked
 * (value-range.ts); answers the format it was read in with the report. Throws IngestError when it is not a report,
 * is over a document limit (size, HTML depth…), cannot be read, or is a structured report with problems (each named
 * by its JSON path). The parser throwing on a hostile document is this document's failure too, reported by its
 * message (never a stack): it says nothing about the next document or the database.
 */
export async function parseSource(document: IngestDocument): Promise<{ format: SourceFormat; parsed: ParsedReport }> {
  let read: { format: SourceFormat; parsed: ParsedReport };
  try {
    read = await readSource(document);
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError(`the parser failed on this document: ${errorMessage(error)}`);
  }
  return { format: read.format, parsed: markOutOfRangeValues(read.parsed) };
}

/** Applies the caller's metadata and resolves region, agency name and year, or says what is missing. */
export function resolveReport(parsed: ParsedReport, metadata: IngestMetadata): ResolvedReport {
  const agencyName = metadata.agencyName ?? parsed.agencyName;
  if (!agencyName) throw new IngestError("the agency could not be read from the text; pass --agency NAME");
  if (agencyName.length > MAX_AGENCY_NAME)
    throw new IngestError(
      `the agency name "${agencyName.slice(0, 40)}…" is ${agencyName.length} characters long, over the ${MAX_AGENCY_NAME} a name may have; pass --agency NAME`,
    );
  const year = metadata.year ?? parsed.year;
  if (!year) throw new IngestError("the report year could not be read from the text; pass --year N");
  let regionCode = metadata.regionCode ?? (metadata.agencyName ? null : parsed.region?.code) ?? null;
  if (!regionCode) {
    const resolution = resolveRegion(agencyName, [parsed.title, parsed.sections.S1_OVERVIEW].filter(Boolean).join("\n"));
    if (resolution.kind === "found") regionCode = resolution.region.code;
    else if (resolution.kind === "ambiguous") {
      const candidates = resolution.candidates.map((region) => `${region.code} ${[region.province, region.city, region.county].filter(Boolean).join("")}`);
      throw new IngestError(`the region of ${agencyName} is ambiguous (${candidates.join("; ")}); pass --region CODE`);
    } else throw new IngestError(`no region could be found for ${agencyName}; pass --region CODE`);
  }
  const region = describeRegion(regionCode);
  const scope = metadata.scope ?? parsed.scope;
  // A structured report's scope is the document's own statement, as a text's would be.
  const scopeSource: ScopeSource = metadata.scope ? "MAINTAINER" : (parsed.scopeSource ?? "PARSED_TEXT");
  return { parsed: { ...parsed, agencyName, year, scope, region }, regionCode, agencyName, year, metadata, parsedScope: parsed.scope, scopeSource };
}

/**
 * Finds the agency by region and canonical name (or one of its other names), locked (`lockAgency`) before anything of
 * it is read or written, or creates it (a row no other writer sees until this one commits).
 */
async function findOrCreateAgency(
  manager: EntityManager,
  regionCode: string,
  printedName: string,
  year: number,
): Promise<{ agency: Agency; renamedFrom: string | null }> {
  const normalizedName = canonicalAgencyName(printedName, regionCode);
  let agency =
    (await manager.findOneBy(Agency, { regionCode, normalizedName })) ??
    (await manager
      .createQueryBuilder(Agency, "agency")
      .innerJoin(AgencyAlias, "alias", "alias.agency_id = agency.id")
      .where("agency.region_code = :regionCode AND alias.normalized_name = :normalizedName", { regionCode, normalizedName })
      .getOne());
  if (!agency) {
    agency = await manager.save(manager.create(Agency, { name: printedName, normalizedName, kind: agencyKindOf(printedName), regionCode }));
  } else {
    await lockAgency(manager, agency.id);
    // The agency is named as printed in its most recent report.
    const latest = await manager.findOne(Report, { where: { agencyId: agency.id }, order: { year: "DESC" } });
    if (agency.name !== printedName && (!latest || latest.year <= year)) {
      const renamedFrom = agency.name;
      await manager.update(Agency, { id: agency.id }, { name: printedName });
      agency.name = printedName;
      await addAlias(manager, agency, printedName);
      return { agency, renamedFrom };
    }
  }
  await addAlias(manager, agency, printedName);
  return { agency, renamedFrom: null };
}

/** Keeps a printed name of the agency as one of its aliases. */
async function addAlias(manager: EntityManager, agency: Agency, printedName: string): Promise<void> {
  const aliasName = printedName.normalize("NFKC").replace(/\s+/g, "");
  if (!(await manager.existsBy(AgencyAlias, { agencyId: agency.id, normalizedName: aliasName }))) {
    await manager.insert(AgencyAlias, { agencyId: agency.id, name: printedName, normalizedName: aliasName });
  }
}

/** A revision for each of the agency's other reports after it was renamed: what they were published under changed. */
async function recordRename(manager: EntityManager, agencyId: number, renamedFrom: string, name: string, exceptYear: number, author: Author): Promise<void> {
  const reports = await manager.find(Report, { where: { agencyId }, order: { year: "ASC" } });
  for (const report of reports) {
    if (report.year === exceptYear) continue;
    const reason = `the agency is now named ${name} (was ${renamedFrom}), as its report of ${exceptYear} prints it`;
    await recordRevision(manager, report.id, { kind: "AGENCY_RENAMED", actor: author.actor, reason }, { cellsUnchanged: true, keepReviewStatus: true });
  }
}

async function insertInChunks<T extends object>(manager: EntityManager, entity: new () => T, rows: object[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await manager.insert(entity, rows.slice(start, start + ROWS_PER_INSERT) as never);
  }
}

/** Writes a report's cells, sections and issues (after deleting the old ones, for an update). */
export async function writeReportParts(manager: EntityManager, reportId: number, parsed: ParsedReport, replacing = true): Promise<void> {
  // A new report has nothing to delete; skipping the DELETEs spares MySQL's gap locks, which deadlock concurrent loaders.
  if (replacing) await manager.delete(ReportSection, { reportId });
  await writeCellsAndIssues(manager, reportId, parsed, replacing);
  const sections = Object.entries(parsed.sections).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  await insertInChunks(
    manager,
    ReportSection,
    sections.map(([sectionCode, body]) => ({ reportId, sectionCode, body })),
  );
}

/** Writes a report's cells and issues (after deleting the old ones, when `replacing`), its sections untouched. */
export async function writeCellsAndIssues(
  manager: EntityManager,
  reportId: number,
  parsed: Pick<ParsedReport, "cells" | "issues">,
  replacing = true,
): Promise<void> {
  if (replacing) {
    await manager.delete(ReportCell, { reportId });
    await manager.delete(ValidationIssue, { reportId });
  }
  await insertInChunks(
    manager,
    ReportCell,
    parsed.cells.map((cell) => ({ reportId, ...toCellRecord(cell) })),
  );
  await insertInChunks(
    manager,
    ValidationIssue,
    parsed.issues.map((issue) => issueRow(reportId, issue)),
  );
}

/** The report row's fields for a resolved report. */
function reportFields(resolved: ResolvedReport, agencyId: number, contentHash: string, format: SourceFormat) {
  const { parsed, metadata } = resolved;
  return {
    agencyId,
    year: resolved.year,
    templateVersion: parsed.templateVersion,
    scope: parsed.scope,
    scopeSource: resolved.scopeSource,
    parsedScope: resolved.parsedScope,
    scopeEvidence: [...(parsed.scopeEvidence ?? [])],
    narrativeFacts: [...(parsed.narrative ?? [])],
    title: parsed.title?.slice(0, 255) ?? null,
    publishedAt: metadata.publishedAt ?? null,
    sourceUrl: metadata.sourceUrl ?? null,
    sourceFormat: format,
    contentHash,
    parserVersion: PARSER_VERSION,
    errorCount: parsed.issues.filter((issue) => issue.severity === "error").length,
  };
}

/**
 * A maintainer's scope stays over a new ingest that sets none (a reload without the sidecar, a corrected source):
 * only another scope given by the caller replaces it.
 */
function keepMaintainedScope(fields: ReturnType<typeof reportFields>, existing: Report | null, metadata: IngestMetadata) {
  if (metadata.scope || existing?.scopeSource !== "MAINTAINER") return fields;
  return { ...fields, scope: existing.scope, scopeSource: "MAINTAINER" as const };
}

/** Whether a stored report already holds exactly what would be written. */
function isUnchanged(report: Report, fields: ReturnType<typeof reportFields>): boolean {
  return (
    report.contentHash === fields.contentHash &&
    report.parserVersion === fields.parserVersion &&
    report.scope === fields.scope &&
    report.scopeSource === fields.scopeSource &&
    report.parsedScope === fields.parsedScope &&
    report.sourceUrl === fields.sourceUrl &&
    report.publishedAt === fields.publishedAt
  );
}

/**
 * Runs `work` in the transaction of a write of reports: READ COMMITTED on MySQL/MariaDB, so that concurrent loaders of
 * different reports take no gap locks and do not deadlock, and each statement after `lockAgency` reads what the
 * agency's previous writer committed; the unique keys still make concurrent loads of the same report collide and
 * retry. SQLite serialises writers: on its one connection they take turns in this process.
 */
export function writeTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.options.type !== "better-sqlite3") return dataSource.transaction("READ COMMITTED", work);
  // better-sqlite3 is one connection: a second transaction begun while one is open fails, so writers queue here.
  const previous = sqliteWriters.get(dataSource) ?? Promise.resolve();
  const run = previous.then(
    () => dataSource.transaction(work),
    () => dataSource.transaction(work),
  );
  sqliteWriters.set(
    dataSource,
    run.then(
      () => undefined,
      () => undefined,
    ),
  );
  return run;
}

/** The last write transaction queued on each SQLite DataSource. */
const sqliteWriters = new WeakMap<DataSource, Promise<unknown>>();

/** Issues of severity "error" in a report. */
const errorsOf = (parsed: ParsedReport): number => parsed.issues.filter((issue) => issue.severity === "error").length;

async function storeOnce(dataSource: DataSource, resolved: ResolvedReport, source: SourceBytes, author: Author): Promise<IngestOutcome> {
  return writeTransaction(dataSource, async (manager) => {
    const contentHash = await storeSource(manager, source);
    const { agency, renamedFrom } = await findOrCreateAgency(manager, resolved.regionCode, resolved.agencyName, resolved.year);
    if (renamedFrom !== null) await recordRename(manager, agency.id, renamedFrom, agency.name, resolved.year, author);
    const existing = await manager.findOneBy(Report, { agencyId: agency.id, year: resolved.year });
    const parsedFields = keepMaintainedScope(reportFields(resolved, agency.id, contentHash, source.format), existing, resolved.metadata);
    const outcome = (status: IngestStatus, reportId: number, errorCount: number): IngestOutcome => ({
      status,
      reportId,
      agencyId: agency.id,
      agencyName: agency.name,
      year: resolved.year,
      errorCount,
    });
    if (existing && isUnchanged(existing, parsedFields)) return outcome("unchanged", existing.id, existing.errorCount);
    const decided = await decideOpenRows(manager, { agencyId: agency.id, year: resolved.year, scope: parsedFields.scope }, resolved.parsed);
    // A second source (another URL, or another format without URLs) is kept beside the served report, never over it.
    if (existing && isSecondSource(existing, parsedFields)) {
      const kept = await keepCopy(manager, existing, parsedFields, decided, author);
      return outcome(kept, existing.id, existing.errorCount);
    }
    // A person's corrections of this agency-year stand over new content, with the parser's new reading beside them.
    const check = await applyStandingCorrections(manager, existing?.id ?? null, decided);
    const corrected = check.report;
    const fields = { ...parsedFields, errorCount: errorsOf(corrected) };
    let reportId: number;
    if (existing) {
      reportId = existing.id;
      await manager.update(Report, { id: reportId }, { ...fields, ingestedAt: new Date() });
      await writeReportParts(manager, reportId, corrected);
    } else {
      const inserted = await manager.insert(Report, { ...fields, ingestedAt: new Date() });
      reportId = Number(inserted.identifiers[0].id);
      await writeReportParts(manager, reportId, corrected, false);
    }
    // This report is evidence for its neighbours' open rows; then each changed report against the year before.
    const redecided = await redecideNeighbours(manager, agency.id, resolved.year);
    const years = continuityYears(resolved.year, redecided);
    await recomputeContinuity(manager, agency.id, years);
    const kind = existing ? "UPDATED" : "INGESTED";
    const reason =
      author.reason ?? `${existing ? "new content" : "first ingest"}: ${source.format} source sha256:${contentHash.slice(0, 12)}, parser ${PARSER_VERSION}`;
    await recordRevision(manager, reportId, { kind, actor: author.actor, reason }, { always: true, needsReview: check.disputed > 0 });
    await recordNeighbourRevisions(manager, agency.id, years, reportId, { kind, actor: author.actor }, resolved.year, redecided);
    return outcome(existing ? "updated" : "ingested", reportId, fields.errorCount);
  });
}

/**
 * Detects a document's format, parses it and stores it with its source in one transaction, idempotent on (agency,
 * year): the same content again is "unchanged", new content for the same agency and year replaces the report's cells, sections and issues
 * ("updated"), a person's corrections standing over it; a second source's content is kept as a copy beside the
 * served report ("divergent" or "confirmed", report-copies.ts); each is a revision by `author`. A conflict with a concurrent writer rolls back and runs again; any other failure leaves the
 * database as it was. Throws IngestError for a source that cannot be stored (not a report, a parser failure, a
 * value the database refuses); any other error is the database's (unreachable, full) and is thrown as it is.
 */
export async function ingestSource(
  dataSource: DataSource,
  document: IngestDocument,
  metadata: IngestMetadata = {},
  author: Author = SYSTEM_AUTHOR,
): Promise<IngestOutcome> {
  const { format, parsed } = await parseSource(document);
  const resolved = resolveReport(parsed, metadata);
  const source: SourceBytes = { bytes: document.bytes, format };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await storeOnce(dataSource, resolved, source, author);
    } catch (error) {
      if (isRefusedValue(error)) throw new IngestError(`the database refused a value of this report: ${errorMessage(error)}`);
      if (attempt >= MAX_ATTEMPTS || !isRetryableConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2 ** attempt, 200) * (1 + Math.random())));
    }
  }
}
