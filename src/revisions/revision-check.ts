import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { exportCells } from "../analytics/csv-export";
import { fromCellRecord, recordCellCode } from "../domain/cell";
import { isOtherSplit } from "../domain/template-parts";
import { INDICATORS } from "../domain/indicator-catalog";
import { CellCorrection, Report, ReportCell, ReportRevision, ValidationIssue } from "../entities";
import { loadSamplesIntoEmptyDatabase } from "../ingest/load-samples";
import { reparseAll } from "../ingest/reparse";
import { ARITHMETIC_RULES, validateCells } from "../parse/validate-report";
import { createRelease } from "../services/releases";
import { correctCells } from "../services/report-review";
import { reportStateAt, resolvePoint } from "./history";
import type { Author } from "./record-revision";

/**
 * The revision round trip, end to end on one database: the samples ingested, three cells the parser could not settle
 * corrected by a person to one of their candidate values, everything re-parsed, and then the corrections still
 * standing, R1–R5 recomputed over the corrected cells, each corrected report's history in order, the report as of a
 * moment before the correction giving the old value, and the cells export under a release made before the correction
 * giving, byte for byte, the export taken then. `npm run check:revisions` runs it on SQLite and MariaDB; a test
 * runs it in the suite.
 */

/** One step of the check and what it found. */
export interface CheckStep {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** How many flagged cells the check corrects. */
export const CHECKED_CELLS = 3;
/** The release made before the corrections. */
export const RELEASE_NAME = "before-corrections";
const AUTHOR: Author = { actor: "check-revisions" };

/** A flagged cell picked for correction: where it is, what the parser read, and the candidate it is corrected to. */
interface Pick {
  readonly reportId: number;
  readonly code: string;
  readonly state: string;
  readonly value: number | null;
  readonly corrected: number;
}

/** The whole cells export as one string. */
async function cellsCsv(dataSource: DataSource, point: Awaited<ReturnType<typeof resolvePoint>> = null): Promise<string> {
  const chunks: string[] = [];
  await exportCells(dataSource, {}, { write: async (chunk) => (chunks.push(chunk), true) }, point);
  return chunks.join("");
}

/**
 * Up to `count` UNCERTAIN or ILLEGIBLE cells with candidates, each a printed catalog cell of its report's version,
 * taken from the reports in turn (report id order, then cell code) so that they spread across the samples; each is
 * corrected to a candidate other than the value the parser chose, where it has one.
 */
async function pickFlagged(dataSource: DataSource, count: number): Promise<Pick[]> {
  const reports = await dataSource.getRepository(Report).find({ order: { id: "ASC" } });
  const flagged = await dataSource
    .getRepository(ReportCell)
    .find({ where: { valueState: In(["UNCERTAIN", "ILLEGIBLE"]) }, order: { reportId: "ASC", id: "ASC" } });
  const byReport = reports.map((report) =>
    flagged
      .filter((cell) => cell.reportId === report.id && (cell.candidates?.length ?? 0) > 0)
      .filter((cell) => {
        const indicator = INDICATORS.find((candidate) => candidate.code === recordCellCode(cell));
        return indicator !== undefined && !indicator.derived && (indicator.versions as readonly string[]).includes(report.templateVersion);
      })
      .sort((a, b) => (recordCellCode(a) < recordCellCode(b) ? -1 : 1)),
  );
  const picks: Pick[] = [];
  for (let depth = 0; picks.length < count && byReport.some((cells) => cells.length > depth); depth += 1) {
    for (const cells of byReport) {
      const cell = cells[depth];
      if (!cell || picks.length === count) continue;
      const candidates = cell.candidates!;
      picks.push({
        reportId: cell.reportId,
        code: recordCellCode(cell),
        state: cell.valueState,
        value: cell.value,
        corrected: candidates.find((candidate) => candidate !== cell.value) ?? candidates[0],
      });
    }
  }
  return picks;
}

const describePick = (pick: Pick) => `report ${pick.reportId} ${pick.code} ${pick.state} ${pick.value ?? "null"} → ${pick.corrected}`;

/** The R1–R5 findings as signatures, sorted: what the stored issues and a fresh check of the cells must agree on. */
function arithmeticSignatures(
  issues: ReadonlyArray<{ rule: string; severity: string; message: string; cells: readonly string[]; line?: number | null }>,
): string[] {
  return issues
    .filter((issue) => ARITHMETIC_RULES.has(issue.rule))
    .map((issue) => JSON.stringify([issue.rule, issue.severity, issue.message, issue.cells, issue.line ?? null]))
    .sort();
}

/** The kinds of a report's revisions in number order, and whether the numbers run 1..n without a gap. */
async function historyOf(dataSource: DataSource, reportId: number): Promise<{ kinds: string[]; gapless: boolean }> {
  const revisions = await dataSource.getRepository(ReportRevision).find({ where: { reportId }, order: { number: "ASC" } });
  return { kinds: revisions.map((revision) => revision.kind), gapless: revisions.every((revision, index) => revision.number === index + 1) };
}

/**
 * Runs the check on a migrated database with the reference data and no report, calling `onStep` after each step.
 * Answers every step; a step that cannot run because an earlier one failed is reported failed, and the check stops.
 */
export async function checkRevisions(dataSource: DataSource, onStep: (step: CheckStep) => void = () => {}): Promise<CheckStep[]> {
  const steps: CheckStep[] = [];
  const step = (name: string, passed: boolean, detail: string): boolean => {
    const done = { name, passed, detail };
    steps.push(done);
    onStep(done);
    return passed;
  };
  try {
    await run(dataSource, step);
  } catch (error) {
    step("check ran to the end", false, error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  return steps;
}

async function run(dataSource: DataSource, step: (name: string, passed: boolean, detail: string) => boolean): Promise<void> {
  const summary = await loadSamplesIntoEmptyDatabase(dataSource);
  const reportCount = await dataSource.getRepository(Report).count();
  if (
    !step(
      "samples ingested",
      summary !== null && summary.failed === 0 && reportCount === summary.ingested && reportCount > 0,
      `${reportCount} reports, ${summary?.failed ?? "-"} failed`,
    )
  )
    return;

  const picks = await pickFlagged(dataSource, CHECKED_CELLS);
  if (
    !step(
      `${CHECKED_CELLS} flagged cells picked`,
      picks.length === CHECKED_CELLS,
      picks.map(describePick).join("; ") || "no UNCERTAIN or ILLEGIBLE cell with candidates",
    )
  )
    return;

  const before = await cellsCsv(dataSource);
  const release = await createRelease(dataSource, { name: RELEASE_NAME, note: "the data before the check's corrections" }, AUTHOR);
  step(
    "export and release taken before the corrections",
    before.length > 0,
    `cells.csv ${Buffer.byteLength(before)} bytes; release ${release.name} at revision ${release.revisionId}`,
  );
  // A moment before the corrections: every revision so far committed at or before it, the corrections after it.
  const moment = new Date();
  while (Date.now() <= moment.getTime()) {
    // The revision clock stamps a commit with the time it is made: wait for the millisecond to pass.
  }

  const corrected: string[] = [];
  for (const pick of picks) {
    const report = await dataSource.getRepository(Report).findOneByOrFail({ id: pick.reportId });
    const outcome = await correctCells(
      dataSource,
      {
        reportId: pick.reportId,
        revision: report.revision,
        corrections: [{ cell: pick.code, value: pick.corrected, reason: `the check reads ${pick.corrected}`, evidence: "check-revisions" }],
      },
      AUTHOR,
    );
    corrected.push(`${pick.code} at revision ${outcome.revision.number}`);
  }
  step("cells corrected", corrected.length === picks.length, corrected.join("; "));

  const outcomes = await reparseAll(dataSource, undefined, AUTHOR);
  const failedReparse = outcomes.filter((outcome) => outcome.error !== undefined);
  if (
    !step(
      "everything re-parsed",
      outcomes.length === reportCount && failedReparse.length === 0,
      `${outcomes.length} reports, ${failedReparse.map((outcome) => `${outcome.reportId}: ${outcome.error}`).join("; ") || "no error"}`,
    )
  )
    return;

  const wrongCells: string[] = [];
  for (const pick of picks) {
    const cells = await dataSource.getRepository(ReportCell).findBy({ reportId: pick.reportId });
    const cell = cells.find((candidate) => recordCellCode(candidate) === pick.code);
    const standing = await dataSource.getRepository(CellCorrection).find({ where: { reportId: pick.reportId }, order: { id: "ASC" } });
    const correction = standing.find((candidate) => recordCellCode(candidate) === pick.code && candidate.revertedAt === null);
    if (cell?.valueState !== "CORRECTED" || cell.value !== pick.corrected || correction?.value !== pick.corrected)
      wrongCells.push(`${pick.code}: cell ${cell?.valueState ?? "missing"} ${cell?.value ?? "null"}, correction ${correction ? correction.value : "missing"}`);
  }
  step(
    "corrections stand after the re-parse",
    wrongCells.length === 0,
    wrongCells.join("; ") || picks.map((pick) => `${pick.code} CORRECTED ${pick.corrected}`).join("; "),
  );

  const reportIds = [...new Set(picks.map((pick) => pick.reportId))];
  const mismatched: string[] = [];
  for (const reportId of reportIds) {
    const cells = (await dataSource.getRepository(ReportCell).find({ where: { reportId }, order: { id: "ASC" } })).map(fromCellRecord);
    const printedRows = cells.filter((cell) => cell.state !== "DERIVED").map((cell) => cell.row);
    const expected = arithmeticSignatures(validateCells(cells, isOtherSplit(printedRows)));
    const stored = arithmeticSignatures(
      (await dataSource.getRepository(ValidationIssue).findBy({ reportId })).map((issue) => ({ ...issue, cells: issue.cellCodes })),
    );
    if (JSON.stringify(expected) !== JSON.stringify(stored))
      mismatched.push(`report ${reportId}: stored ${stored.length} R1–R5 issues ${stored.join(" ")}, recomputed ${expected.length} ${expected.join(" ")}`);
  }
  step(
    "R1–R5 issues recomputed over the corrected cells",
    mismatched.length === 0,
    mismatched.join("; ") || `${reportIds.length} reports agree with validateCells`,
  );

  const wrongHistories: string[] = [];
  for (const reportId of reportIds) {
    const { kinds, gapless } = await historyOf(dataSource, reportId);
    const own = kinds.filter((kind) => kind !== "NEIGHBOUR_CHANGED");
    const corrections = picks.filter((pick) => pick.reportId === reportId).length;
    const expected = ["INGESTED", ...Array.from({ length: corrections }, () => "CORRECTED"), "REPARSED"];
    if (!gapless || JSON.stringify(own) !== JSON.stringify(expected))
      wrongHistories.push(`report ${reportId}: ${kinds.join(", ")}${gapless ? "" : " (numbers with a gap)"}`);
  }
  step(
    "each corrected report's history: INGESTED, CORRECTED, REPARSED",
    wrongHistories.length === 0,
    wrongHistories.join("; ") || `${reportIds.length} reports`,
  );

  const point = await resolvePoint(dataSource.manager, { asOf: moment });
  const wrongOld: string[] = [];
  for (const pick of picks) {
    const state = await reportStateAt(dataSource.manager, pick.reportId, point!);
    const cell = state.cells.find((candidate) => recordCellCode(candidate) === pick.code);
    if (cell?.valueState !== pick.state || cell.value !== pick.value) wrongOld.push(`${pick.code}: ${cell?.valueState ?? "missing"} ${cell?.value ?? "null"}`);
  }
  step(
    "a report as of a moment before the correction gives the old value",
    point !== null && point.revisionId === release.revisionId && wrongOld.length === 0,
    `asOf ${moment.toISOString()} is revision ${point?.revisionId} (release at ${release.revisionId}); ${wrongOld.join("; ") || picks.map((pick) => `${pick.code} ${pick.state} ${pick.value ?? "null"}`).join("; ")}`,
  );

  const under = await cellsCsv(dataSource, await resolvePoint(dataSource.manager, { release: RELEASE_NAME }));
  const now = await cellsCsv(dataSource);
  step(
    "the cells export under the release is the export taken then, byte for byte",
    under === before && now !== before,
    `release ${Buffer.byteLength(under)} bytes, then ${Buffer.byteLength(before)} bytes, ${under === before ? "identical" : "DIFFERENT"}; the current export ${now === before ? "is the same (the corrections did not show)" : "differs"}`,
  );
}
