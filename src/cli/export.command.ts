import fs from "node:fs";
import { parseArgs } from "node:util";
import { AnalyticsInputError } from "../analytics/compare";
import { checkExportFilter, exportCells, exportReports, type CsvSink } from "../analytics/csv-export";
import { loadConfig } from "../config";
import { openDatabase } from "../db/data-source";

const USAGE = `usage: gongkai export cells|reports [--region-code CODE] [--agency-id N] [--year N | --year-from N --year-to N]
                      [--template-version V] [--scope S] [--indicator TABLE[.ROW.COLUMN]] [--output FILE]`;

/** A sink on a writable stream that respects backpressure. */
function streamSink(stream: NodeJS.WritableStream): CsvSink {
  return {
    write: (chunk) => new Promise((resolve) => (stream.write(chunk) ? resolve(true) : stream.once("drain", () => resolve(true)))),
  };
}

/** `gongkai export`: writes the CSV to a file (or stdout) and prints the row count on stderr. */
export async function runExport(args: readonly string[], err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let kind: string | undefined;
  let filter;
  let output: string | undefined;
  try {
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
      },
    });
    [kind] = parsed.positionals;
    if ((kind !== "cells" && kind !== "reports") || parsed.positionals.length !== 1) throw new AnalyticsInputError("say what to export: cells or reports");
    const values = parsed.values as Record<string, string | undefined>;
    output = values.output;
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
    filter = checkExportFilter(raw);
  } catch (error) {
    err.write(`export: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const dataSource = await openDatabase(loadConfig().db);
  const stream = output ? fs.createWriteStream(output) : process.stdout;
  try {
    const rows = await (kind === "cells" ? exportCells : exportReports)(dataSource, filter, streamSink(stream));
    err.write(`${rows} ${kind} rows${output ? ` written to ${output}` : ""}\n`);
    return 0;
  } finally {
    if (output) await new Promise((resolve) => (stream as fs.WriteStream).end(resolve));
    await dataSource.destroy();
  }
}
