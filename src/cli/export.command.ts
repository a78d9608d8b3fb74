import fs from "node:fs";
import path from "node:path";
import { finished } from "node:stream/promises";
import { parseArgs } from "node:util";
import type { DataSource } from "typeorm";
import { AnalyticsInputError } from "../analytics/compare";
import {
  checkExportFilter,
  checkExportTargets,
  checkReportFilter,
  exportCells,
  exportReports,
  exportWide,
  parseAsOf,
  resolveExportPoint,
  type CsvSink,
  type ExportFilter,
} from "../analytics/csv-export";
import { exportWorkbook } from "../analytics/xlsx-export";
import { loadConfig } from "../config";
import { openDatabase } from "../db/data-source";
import { ChangeRangeError, checkChangeRange, writeChanges } from "../revisions/change-feed";
import type { PointRequest } from "../revisions/history";

const USAGE = `usage: gongkai export cells|reports|wide|xlsx [--region-code CODE] [--agency-id ID] [--year N | --year-from N --year-to N]
                      [--template-version V] [--scope S] [--indicator TABLE[.ROW.COLUMN] (cells only)] [--output FILE (required for xlsx)]
                      [--release NAME | --as-of ISO-8601 (cells only): the data as it was then]
       gongkai export changes [--after N] [--limit M] [--output FILE]`;

/** What `gongkai export` can write. */
const KINDS = ["cells", "reports", "wide", "xlsx"] as const;
type ExportKind = (typeof KINDS)[number];

/** The CSV writer of each CSV kind. */
const CSV_EXPORTERS = { cells: exportCells, reports: exportReports, wide: exportWide } as const;

/** A sink on a writable stream that respects backpressure and answers false once the stream has failed. */
function streamSink(stream: NodeJS.WritableStream): { sink: CsvSink; failure: () => Error | null } {
  let failure: Error | null = null;
  // Kept for the stream's life: a write error after the last row must not become an unhandled 'error' event.
  stream.on("error", (error: Error) => (failure ??= error));
  const write = (chunk: string) =>
    new Promise<boolean>((resolve) => {
      if (failure) return resolve(false);
      if (stream.write(chunk)) return resolve(true);
      const settle = () => {
        stream.off("drain", settle);
        stream.off("error", settle);
        resolve(failure === null);
      };
      stream.once("drain", settle);
      stream.once("error", settle);
    });
  return { sink: { write }, failure: () => failure };
}

/** Why `output` cannot be written, or null when it can: checked before the database is opened or a row read. */
export function outputPathProblem(output: string): string | null {
  const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);
  try {
    const stats = fs.statSync(output);
    if (stats.isDirectory()) return "it is a directory";
    fs.accessSync(output, fs.constants.W_OK);
    return null;
  } catch (error) {
    if (code(error) === "EACCES" || code(error) === "EPERM") return "it is not writable";
    if (code(error) !== "ENOENT" && code(error) !== "ENOTDIR") return `it cannot be written (${code(error)})`;
  }
  const directory = path.dirname(path.resolve(output));
  try {
    if (!fs.statSync(directory).isDirectory()) return `${directory} is not a directory`;
    fs.accessSync(directory, fs.constants.W_OK);
    return null;
  } catch (error) {
    return code(error) === "EACCES" || code(error) === "EPERM" ? `the directory ${directory} is not writable` : `the directory ${directory} does not exist`;
  }
}

/** Opens the output file for writing, or says why it cannot be. */
function openOutput(output: string): fs.WriteStream | string {
  const problem = outputPathProblem(output);
  if (problem) return problem;
  try {
    return fs.createWriteStream(output, { fd: fs.openSync(output, "w") });
  } catch (error) {
    return `it cannot be opened (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
}

/** Removes what a failed export left in a regular output file, so that no half file passes for an export. */
function removePartial(output: string): string {
  try {
    if (!fs.statSync(output).isFile()) return "";
    fs.unlinkSync(output);
    return "; the partial file was removed";
  } catch {
    return "";
  }
}

/** Finishes a file's stream; rejects with the stream's error. */
async function closeOutput(stream: fs.WriteStream): Promise<void> {
  stream.end();
  await finished(stream);
}

/** Opens the configured database, migrated (tests hand theirs). */
function openConfiguredDatabase(): Promise<DataSource> {
  return openDatabase(loadConfig().db);
}

/** Reads the command line: what to export, the filter and the output file; a usage error is thrown. */
function readExportArgs(args: readonly string[]): { kind: ExportKind; filter: ExportFilter; output?: string; point: PointRequest | null } {
  const parsed = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      "region-code": { type: "string" },
      "agency-id": { type: "string" },
      year: { type: "string" },
      "year-from": { type: "string" },
      "year-to": { type: "string" },
      "template-version": { type: "string" },
      scope: { type: "string" },
      indicator: { type: "string" },
      output: { type: "string" },
      release: { type: "string" },
      "as-of": { type: "string" },
    },
  });
  const kind = parsed.positionals[0] as ExportKind;
  if (!KINDS.includes(kind) || parsed.positionals.length !== 1) throw new AnalyticsInputError(`say what to export: ${KINDS.join(", ")}`);
  const values = parsed.values as Record<string, string | undefined>;
  if (kind === "xlsx" && values.output === undefined) throw new AnalyticsInputError("xlsx needs --output FILE: a workbook is not written to a terminal");
  const raw = Object.fromEntries(
    Object.entries({
      regionCode: values["region-code"],
      agencyId: values["agency-id"],
      year: values.year,
      yearFrom: values["year-from"],
      yearTo: values["year-to"],
      templateVersion: values["template-version"],
      scope: values.scope,
      indicator: values.indicator,
    }).filter(([, value]) => value !== undefined),
  );
  const filter = checkExportFilter(raw);
  const [release, asOf] = [values.release, values["as-of"]];
  if (release !== undefined && asOf !== undefined) throw new AnalyticsInputError("give --release or --as-of, not both");
  if ((release !== undefined || asOf !== undefined) && kind !== "cells" && kind !== "wide")
    throw new AnalyticsInputError("--release and --as-of apply to cells and wide only");
  const point = release !== undefined ? { release } : asOf !== undefined ? { asOf: parseAsOf(asOf) } : null;
  return { kind, filter: kind === "cells" ? filter : checkReportFilter(filter), output: values.output, point };
}

/**
 * `gongkai export`: writes the CSV to a file (or `out`) and prints the row count on `err`. Exit 2 on bad usage;
 * exit 1, with a message naming the path, when the output cannot be written: a missing directory, an unwritable
 * path or a directory are found before the database is opened or a row is written, and a write that fails
 * mid-stream (a full disk) stops the export, removes the partial file and prints no success line. `open` gives
 * the database (tests pass theirs).
 */
export async function runExport(
  args: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
  open: () => Promise<DataSource> = openConfiguredDatabase,
): Promise<number> {
  if (args[0] === "changes") return runChangesExport(args.slice(1), out, err, open);
  let request: ReturnType<typeof readExportArgs>;
  try {
    request = readExportArgs(args);
  } catch (error) {
    err.write(`export: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { kind, filter, output, point: pointRequest } = request;
  const target = output ?? "standard output";
  const early = output ? outputPathProblem(output) : null;
  if (output && early) {
    err.write(`export: cannot write ${output}: ${early}\n`);
    return 1;
  }
  const dataSource = await open();
  try {
    let point: Awaited<ReturnType<typeof resolveExportPoint>>;
    try {
      await checkExportTargets(dataSource, filter);
      point = await resolveExportPoint(dataSource, pointRequest);
    } catch (error) {
      if (!(error instanceof AnalyticsInputError)) throw error;
      err.write(`export: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    const stream = output ? openOutput(output) : out;
    if (typeof stream === "string") {
      err.write(`export: cannot write ${target}: ${stream}\n`);
      return 1;
    }
    const { sink, failure } = streamSink(stream);
    try {
      const rows =
        kind === "xlsx" ? await exportWorkbook(dataSource, filter, stream as fs.WriteStream) : await CSV_EXPORTERS[kind](dataSource, filter, sink, point);
      // exceljs ends the file itself when the workbook is complete.
      if (output && kind !== "xlsx") await closeOutput(stream as fs.WriteStream);
      const failed = failure();
      if (failed) throw failed;
      err.write(`${rows} ${kind} rows${output ? ` written to ${output}` : ""}\n`);
      return 0;
    } catch (error) {
      if (output) (stream as fs.WriteStream).destroy();
      err.write(`export: the export to ${target} failed: ${(error as Error).message}${output ? removePartial(output) : ""}\n`);
      return 1;
    }
  } finally {
    await dataSource.destroy();
  }
}

/**
 * `gongkai export changes [--after N] [--limit M] [--output FILE]`: the change feed as NDJSON, one revision a line
 * in id order, up to the last revision committed when it started; prints the count and the last id (where to resume)
 * on `err`. Exit codes as `runExport`'s.
 */
async function runChangesExport(
  args: readonly string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  open: () => Promise<DataSource>,
): Promise<number> {
  let range: ReturnType<typeof checkChangeRange>;
  let output: string | undefined;
  try {
    const parsed = parseArgs({
      args: [...args],
      allowPositionals: false,
      options: { after: { type: "string" }, limit: { type: "string" }, output: { type: "string" } },
    });
    range = checkChangeRange(parsed.values);
    output = parsed.values.output;
  } catch (error) {
    if (!(error instanceof ChangeRangeError) && !(error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) throw error;
    err.write(`export: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const early = output ? outputPathProblem(output) : null;
  if (output && early) {
    err.write(`export: cannot write ${output}: ${early}\n`);
    return 1;
  }
  const target = output ?? "standard output";
  const dataSource = await open();
  try {
    const stream = output ? openOutput(output) : out;
    if (typeof stream === "string") {
      err.write(`export: cannot write ${target}: ${stream}\n`);
      return 1;
    }
    const { sink, failure } = streamSink(stream);
    try {
      const { written, lastId } = await writeChanges(dataSource.manager, range, sink);
      if (output) await closeOutput(stream as fs.WriteStream);
      const failed = failure();
      if (failed) throw failed;
      err.write(`${written} changes${output ? ` written to ${output}` : ""}; the last is ${lastId} (resume with --after ${lastId})\n`);
      return 0;
    } catch (error) {
      if (output) (stream as fs.WriteStream).destroy();
      err.write(`export: the export to ${target} failed: ${(error as Error).message}${output ? removePartial(output) : ""}\n`);
      return 1;
    }
  } finally {
    await dataSource.destroy();
  }
}
