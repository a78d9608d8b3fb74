import type { EntityManager } from "typeorm";
import { cellCode, recordCellCode } from "../domain/cell";
import type { ValueState } from "../domain/codes";
import { Report, ReportCell, ReportCopy, type CopyDisagreement, type CopyReading, type CopyStatus } from "../entities";
import type { ParsedReport } from "../parse";
import { recordRevision, type Author } from "../revisions/record-revision";

/**
 * A second source of a report already stored: the same agency-year from another URL (the PDF beside the HTML page, a
 * mirror), or, when neither side knows its URL, in another format. Its cells are compared with the served report's,
 * and it is kept as a copy (report_copy) instead of replacing them: DIVERGENT when any cell disagrees (a COPY_ADDED
 * revision sends the report to the review queue), AGREES when none does (a second source confirms it; the served
 * report, its revision and its review status stay as they are).
 */

/** The most disagreements a copy lists; all of them are counted (`disagreement_count`). */
export const MAX_COPY_DISAGREEMENTS = 200;

/** What the incoming document says of its source. */
export interface IncomingSource {
  readonly sourceUrl: string | null;
  readonly sourceFormat: string;
  readonly contentHash: string;
  readonly parserVersion: string;
}

/**
 * Whether `incoming` is a second source of `served`: both URLs known and different, or neither known and the formats
 * different. One URL known and the other not, or the same URL, or the same format without URLs: the same source (its
 * new content is an update).
 */
export function isSecondSource(served: Pick<Report, "sourceUrl" | "sourceFormat">, incoming: Pick<IncomingSource, "sourceUrl" | "sourceFormat">): boolean {
  if (served.sourceUrl && incoming.sourceUrl) return served.sourceUrl !== incoming.sourceUrl;
  if (!served.sourceUrl && !incoming.sourceUrl) return served.sourceFormat !== incoming.sourceFormat;
  return false;
}

const NUMERIC_STATES: ReadonlySet<ValueState> = new Set(["VALUE", "CORRECTED"]);
const ABSENT: CopyReading = { value: null, state: "ABSENT" };

/**
 * Whether two readings of a cell agree: the same state and value, a number read (VALUE) and a number a person
 * entered (CORRECTED) counting as the same state.
 */
function sameReading(served: CopyReading, copy: CopyReading): boolean {
  const sameState = served.state === copy.state || (NUMERIC_STATES.has(served.state) && NUMERIC_STATES.has(copy.state));
  return sameState && served.value === copy.value;
}

/**
 * The printed cells (derived cells follow from them and are left out) where the copy and the served report
 * disagree, in cell-code order; a cell one side lacks is ABSENT there.
 */
export function copyDisagreements(served: readonly ReportCell[], copy: Pick<ParsedReport, "cells">): CopyDisagreement[] {
  const servedByCode = new Map(
    served.filter((cell) => cell.valueState !== "DERIVED").map((cell) => [recordCellCode(cell) as string, { value: cell.value, state: cell.valueState }]),
  );
  const copyByCode = new Map(
    copy.cells.filter((cell) => cell.state !== "DERIVED").map((cell) => [cellCode(cell) as string, { value: cell.value, state: cell.state }]),
  );
  const codes = [...new Set([...servedByCode.keys(), ...copyByCode.keys()])].sort();
  return codes.flatMap((code) => {
    const servedReading = servedByCode.get(code) ?? ABSENT;
    const copyReading = copyByCode.get(code) ?? ABSENT;
    return sameReading(servedReading, copyReading) ? [] : [{ cell: code, served: servedReading, copy: copyReading }];
  });
}

/** What keeping a copy did: a new DIVERGENT or AGREES copy, or the same copy already kept. */
export type CopyOutcome = "divergent" | "confirmed" | "unchanged";

/**
 * Keeps `incoming` (parsed as `copy`) as a copy of the served report, in the write's transaction: nothing when the
 * same content is already kept; else a report_copy row with its disagreements, and for a DIVERGENT copy a COPY_ADDED
 * revision of the served report that needs review. The served report's cells, issues and fields are not touched.
 */
export async function keepCopy(
  manager: EntityManager,
  served: Report,
  incoming: IncomingSource,
  copy: Pick<ParsedReport, "cells">,
  author: Author,
): Promise<CopyOutcome> {
  if (await manager.existsBy(ReportCopy, { reportId: served.id, contentHash: incoming.contentHash })) return "unchanged";
  const disagreements = copyDisagreements(await manager.find(ReportCell, { where: { reportId: served.id } }), copy);
  const status: CopyStatus = disagreements.length > 0 ? "DIVERGENT" : "AGREES";
  await manager.insert(ReportCopy, {
    reportId: served.id,
    contentHash: incoming.contentHash,
    sourceUrl: incoming.sourceUrl,
    sourceFormat: incoming.sourceFormat,
    parserVersion: incoming.parserVersion,
    receivedAt: new Date(),
    disagreements: disagreements.slice(0, MAX_COPY_DISAGREEMENTS),
    disagreementCount: disagreements.length,
    status,
  });
  const where = incoming.sourceUrl ?? "no URL";
  const what = status === "AGREES" ? "every cell agrees" : `${disagreements.length} cell(s) disagree`;
  const reason =
    author.reason ??
    `copy from a second source (${incoming.sourceFormat}, ${where}, sha256:${incoming.contentHash.slice(0, 12)}) kept beside the served report: ${what}`;
  // An agreeing copy confirms the report: on record, its review status untouched.
  const options = status === "AGREES" ? { always: true, keepReviewStatus: true } : { always: true, needsReview: true };
  await recordRevision(manager, served.id, { kind: "COPY_ADDED", actor: author.actor, reason }, options);
  return status === "AGREES" ? "confirmed" : "divergent";
}
