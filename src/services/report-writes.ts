import type { DataSource } from "typeorm";
import { Report } from "../entities";
import { recomputeContinuity } from "../ingest/continuity";
import { continuityYears, lockAgency, redecideNeighbours } from "../ingest/evidence";
import type { IngestMetadata } from "../ingest/ingest-metadata";
import { ingestSource, writeTransaction, type IngestStatus } from "../ingest/ingest-report";
import type { SourceBytes } from "../ingest/source-store";
import { recordDeletion, recordNeighbourRevisions, SYSTEM_AUTHOR, type Author } from "../revisions/record-revision";

/**
 * The writes the graph (and any other front end) makes, each with its own transaction: a resolver maps its
 * arguments in and its errors out, and never opens a transaction itself. The ingest layer keeps the report, its
 * cells and every validation issue (R1–R5 and the cross-year X1–X3) consistent inside these transactions.
 */

/** What storing a document did, with the stored report. */
export interface StoredReport {
  readonly status: IngestStatus;
  readonly report: Report;
}

/**
 * Parses and stores one document (idempotent on agency and year; see `ingestSource`) and reads the stored report
 * back. Throws what `ingestSource` throws (IngestError for anything about the document); stores nothing then.
 */
export async function storeReport(
  dataSource: DataSource,
  source: SourceBytes,
  metadata: IngestMetadata,
  author: Author = SYSTEM_AUTHOR,
): Promise<StoredReport> {
  const outcome = await ingestSource(dataSource, source, metadata, author);
  const report = await dataSource.getRepository(Report).findOneByOrFail({ id: outcome.reportId });
  return { status: outcome.status, report };
}

/**
 * Deletes a report with its cells, sections and issues, re-decides its neighbours' open rows (it was their evidence)
 * and rechecks the continuity it took part in, in one transaction, the agency locked (`lockAgency`) before the report
 * is read again and its neighbours are; its history stays, ending in a DELETED revision by `author`. Answers false, changing nothing, when there is no such report.
 */
export async function deleteReport(dataSource: DataSource, reportId: number, author: Author = SYSTEM_AUTHOR): Promise<boolean> {
  return writeTransaction(dataSource, async (manager) => {
    const listed = await manager.findOneBy(Report, { id: reportId });
    if (!listed) return false;
    await lockAgency(manager, listed.agencyId);
    const report = await manager.findOneBy(Report, { id: reportId });
    if (!report) return false;
    await recordDeletion(manager, report, author);
    await manager.delete(Report, { id: reportId });
    const redecided = await redecideNeighbours(manager, report.agencyId, report.year);
    const years = continuityYears(report.year, redecided);
    await recomputeContinuity(manager, report.agencyId, years);
    await recordNeighbourRevisions(manager, report.agencyId, years, report.id, { kind: "DELETED", actor: author.actor }, report.year, redecided);
    return true;
  });
}
