import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { openDatabase } from "../db/data-source";
import { ingestFiles } from "../ingest/ingest-files";
import { checkMetadata, type IngestMetadata } from "../ingest/ingest-metadata";
import { recomputeContinuity } from "../analytics/continuity";
import { reparseAll } from "../ingest/reparse";
import { expandSourcePaths } from "../ingest/source-files";
import { seedReferenceData } from "../seed/seed-reference-data";
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

/** `gongkai ingest PATH…`: loads files, prints a summary; exit 1 when any file failed, 2 on bad usage. */
export async function runIngest(args: readonly string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WriteStream = process.stderr): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  let options: IngestMetadata;
  try {
    parsed = parseArgs({
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
    const { url: _urls, ...values } = parsed.values as Record<string, string | undefined>;
    options = optionsFrom(values);
  } catch (error) {
    err.write(`ingest: ${(error as Error).message}\n${INGEST_USAGE}\n`);
    return 2;
  }
  const { files, missing } = expandSourcePaths(parsed.positionals);
  const urls = (parsed.values.url as string[] | undefined) ?? [];
  if (parsed.positionals.length === 0 && urls.length === 0) {
    err.write(`${INGEST_USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const dataSource = await openDatabase(config.db);
  try {
    await seedReferenceData(dataSource);
    const progress = createProgress(files.length + urls.length, err);
    const summary = await ingestFiles(dataSource, files, options, (result) => {
      const name = /^https?:/.test(result.file) ? result.file : path.relative(process.cwd(), result.file) || result.file;
      progress.step(result.ok ? `${name}: ${result.outcome.status} (${result.outcome.agencyName} ${result.outcome.year})` : `${name}: failed`);
    }, urls);
    progress.stop();
    const failures = [...missing.map((arg) => ({ file: arg, reason: "no such file, directory or match" })), ...summary.failures];
    out.write(`${summary.ingested} ingested, ${summary.updated} updated, ${summary.unchanged} unchanged, ${failures.length} failed\n`);
    for (const failure of failures) out.write(`failed: ${failure.file}: ${failure.reason}\n`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}

/** `gongkai reparse`: re-parses every stored report and prints the cells changed per report. */
export async function runReparse(out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const dataSource = await openDatabase(loadConfig().db);
  try {
    let changed = 0;
    let failed = 0;
    await reparseAll(dataSource, (outcome) => {
      if (outcome.error) failed += 1;
      if (outcome.changedCells > 0) changed += 1;
      out.write(`report ${outcome.reportId} ${outcome.agencyName} ${outcome.year}: ${outcome.error ? `failed: ${outcome.error}` : `${outcome.changedCells} cells changed`}\n`);
    });
    out.write(`${changed} reports changed, ${failed} failed\n`);
    return failed > 0 ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}


/** `gongkai continuity`: recomputes X1–X3 for every agency's reports and prints how many warnings there are. */
export async function runContinuity(out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const dataSource = await openDatabase(loadConfig().db);
  try {
    const pairs = (await dataSource.query("SELECT agency_id, year FROM report ORDER BY agency_id, year")) as Array<{ agency_id: number | string; year: number | string }>;
    const years = new Map<number, number[]>();
    for (const pair of pairs) years.set(Number(pair.agency_id), [...(years.get(Number(pair.agency_id)) ?? []), Number(pair.year)]);
    let warnings = 0;
    for (const [agencyId, agencyYears] of years) {
      warnings += await dataSource.transaction((manager) => recomputeContinuity(manager, agencyId, agencyYears));
    }
    out.write(`${years.size} agencies checked, ${warnings} continuity warnings\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}
