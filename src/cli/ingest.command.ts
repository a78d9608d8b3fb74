import path from "node:path";
import { parseArgs } from "node:util";
import type { DataSource } from "typeorm";
import { loadConfig } from "../config";
import { openDatabase } from "../db/data-source";
import { IngestBatchStopped, ingestFiles, type IngestSummary } from "../ingest/ingest-files";
import { checkMetadata, type IngestMetadata } from "../ingest/ingest-metadata";
import { recomputeContinuity } from "../ingest/continuity";
import { lockAgency } from "../ingest/evidence";
import { writeTransaction } from "../ingest/ingest-report";
import { Report } from "../entities";
import { recordRevision } from "../revisions/record-revision";
import { reparseAll } from "../ingest/reparse";
import { expandSourcePaths } from "../ingest/source-files";
import { seedReferenceData } from "../seed/seed-reference-data";
import { cliAuthor } from "./cli-author";
import { createProgress } from "./progress";

const INGEST_USAGE = `usage: gongkai ingest [PATH…] [--url URL…] [--region CODE] [--agency NAME] [--year N]
                      [--source-url URL] [--published-at YYYY-MM-DD] [--scope AGENCY|GOVERNMENT_AGGREGATE]`;

function optionsFrom(values: Record<string, string | undefined>): IngestMetadata {
  const raw = Object.fromEntries(
    Object.entries({
      regionCode: values.region,
      agencyName: values.agency,
      year: values.year,
      sourceUrl: values["source-url"],
      publishedAt: values["published-at"],
      scope: values.scope,
    }).filter(([, value]) => value !== undefined),
  );
  return checkMetadata(raw, "options");
}

/** Opens the configured database, migrated: what the commands use unless a caller (a test) hands another. */
function openConfiguredDatabase(): Promise<DataSource> {
  return openDatabase(loadConfig().db);
}

/** A file's name as the summary shows it: a URL as it is, a path relative to the working directory. */
function displayName(file: string): string {
  return /^https?:/.test(file) ? file : path.relative(process.cwd(), file) || file;
}

/** Prints the summary line and each failure's file and reason; returns the number of failures. */
function writeSummary(out: NodeJS.WritableStream, summary: IngestSummary, missing: readonly string[]): number {
  const failures = [...missing.map((arg) => ({ file: arg, reason: "no such file, directory or match" })), ...summary.failures];
  // Copies kept from a second source are named only when there are any, so the usual line stays as it was.
  const copies = [summary.divergent ? `${summary.divergent} divergent` : null, summary.confirmed ? `${summary.confirmed} confirmed` : null].filter(Boolean);
  out.write(
    `${summary.ingested} ingested, ${summary.updated} updated, ${summary.unchanged} unchanged, ${[...copies, `${failures.length} failed`].join(", ")}\n`,
  );
  for (const failure of failures) out.write(`failed: ${failure.file}: ${failure.reason}\n`);
  return failures.length;
}

/** Reads the command line; a usage error is written to `err` and answered with null. */
function readIngestArgs(args: readonly string[], err: NodeJS.WritableStream): { positionals: string[]; urls: string[]; options: IngestMetadata } | null {
  try {
    const parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        region: { type: "string" },
        agency: { type: "string" },
        year: { type: "string" },
        "source-url": { type: "string" },
        "published-at": { type: "string" },
        scope: { type: "string" },
        url: { type: "string", multiple: true },
      },
    });
    const { url, ...values } = parsed.values as Record<string, string | undefined> & { url?: string[] };
    const urls = url ?? [];
    if (parsed.positionals.length === 0 && urls.length === 0) {
      err.write(`${INGEST_USAGE}\n`);
      return null;
    }
    return { positionals: parsed.positionals, urls, options: optionsFrom(values) };
  } catch (error) {
    err.write(`ingest: ${(error as Error).message}\n${INGEST_USAGE}\n`);
    return null;
  }
}

/**
 * `gongkai ingest PATH…`: loads files, prints a summary (counts, then each failure's file and reason); exit 1 when
 * any file failed, 2 on bad usage. A bad file is counted and the batch goes on; when the database fails the batch
 * stops, prints the summary so far and why it stopped, and exits 1. `open` gives the database (tests pass theirs).
 */
export async function runIngest(
  args: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WriteStream = process.stderr,
  open: () => Promise<DataSource> = openConfiguredDatabase,
): Promise<number> {
  const request = readIngestArgs(args, err);
  if (!request) return 2;
  const { files, missing } = expandSourcePaths(request.positionals);
  const dataSource = await open();
  const progress = createProgress(files.length + request.urls.length, err);
  try {
    await seedReferenceData(dataSource);
    const summary = await ingestFiles(
      dataSource,
      files,
      request.options,
      (result) => {
        progress.step(
          result.ok
            ? `${displayName(result.file)}: ${result.outcome.status} (${result.outcome.agencyName} ${result.outcome.year})`
            : `${displayName(result.file)}: failed`,
        );
      },
      request.urls,
      cliAuthor(),
    );
    progress.stop();
    return writeSummary(out, summary, missing) > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof IngestBatchStopped)) throw error;
    progress.stop();
    writeSummary(out, error.summary, missing);
    out.write(`${error.message}\n`);
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

/** `gongkai reparse`: re-parses every stored report and prints the cells changed per report. */
export async function runReparse(out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const dataSource = await openConfiguredDatabase();
  try {
    let changed = 0;
    let failed = 0;
    await reparseAll(
      dataSource,
      (outcome) => {
        if (outcome.error) failed += 1;
        if (outcome.changedCells > 0) changed += 1;
        out.write(
          `report ${outcome.reportId} ${outcome.agencyName} ${outcome.year}: ${outcome.error ? `failed: ${outcome.error}` : `${outcome.changedCells} cells changed`}\n`,
        );
      },
      cliAuthor(),
    );
    out.write(`${changed} reports changed, ${failed} failed\n`);
    return failed > 0 ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}

/** `gongkai continuity`: recomputes X1–X3 for every agency's reports and prints how many warnings there are. */
export async function runContinuity(out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const dataSource = await openConfiguredDatabase();
  try {
    const pairs = (await dataSource.query("SELECT agency_id, year FROM report ORDER BY agency_id, year")) as Array<{
      agency_id: number | string;
      year: number | string;
    }>;
    const years = new Map<number, number[]>();
    for (const pair of pairs) years.set(Number(pair.agency_id), [...(years.get(Number(pair.agency_id)) ?? []), Number(pair.year)]);
    let warnings = 0;
    const author = cliAuthor();
    for (const [agencyId, agencyYears] of years) {
      warnings += await writeTransaction(dataSource, async (manager) => {
        await lockAgency(manager, agencyId);
        const found = await recomputeContinuity(manager, agencyId, agencyYears);
        // A report whose X1–X3 issues changed gets a revision; one whose issues stayed, none.
        for (const report of await manager.find(Report, { where: { agencyId }, order: { year: "ASC" } })) {
          await recordRevision(
            manager,
            report.id,
            { kind: "RECHECKED", actor: author.actor, reason: "X1–X3 checked again (gongkai continuity)" },
            { cellsUnchanged: true, keepReviewStatus: true },
          );
        }
        return found;
      });
    }
    out.write(`${years.size} agencies checked, ${warnings} continuity warnings\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}
