import "reflect-metadata";
import fs from "node:fs";
import { loadConfig } from "../config";
import { openDatabase } from "../db/data-source";
import { printGongkaiSchema } from "../graph/core/schema";
import { seedReferenceData } from "../seed/seed-reference-data";
import { runCorrect } from "./correct.command";
import { runExport } from "./export.command";
import { runContinuity, runIngest, runReparse } from "./ingest.command";
import { runParse } from "./parse.command";
import { runRelease } from "./release.command";
import { runServe } from "./serve.command";
import { runToken } from "./token.command";

const USAGE = `usage: gongkai <command>

commands:
  serve            migrate, load reference data, and serve GraphQL on $PORT (default 4000)
  migrate          run pending migrations and load reference data, then exit
  parse FILE…      parse report texts and print them (--format json|table); exit 0 clean, 1 validation
                   errors, 2 not an annual report, 3 unreadable
  ingest PATH…     parse and store report files (files, directories, globs), one transaction each; options
                   --region CODE --agency NAME --year N --source-url URL --published-at DATE --scope S
  reparse          re-parse every stored report from its kept source; print cells changed per report
  correct FILE     apply corrections from a CSV (report_id,revision,cell,value,state,reason,evidence) or JSON
                   file, one revision per report; every row is checked first and nothing is written on a problem
  continuity       recompute the cross-year checks X1–X3 for every stored report
  export cells|reports|wide|xlsx [filters] [--output FILE]
                   write a CSV (UTF-8 with BOM) of every cell, every report with its derived indicators, the
                   wide table for people (one row per report, Chinese headers with codes and units), or an
                   XLSX workbook (one sheet per template table and one of issues; xlsx needs --output);
                   cells takes --release NAME or --as-of ISO-8601 for the data as it was then
  export changes [--after N] [--limit M] [--output FILE]
                   write the change feed as NDJSON: one revision a line, in commit order, after revision N
  release create NAME [--note TEXT] | release list
                   name the data as committed now (exports can be taken under the name later), or list the names
  token create NAME --role EDITOR|ADMIN
                   print a new API token once, and the entry with its hash to add to the tokens file
  schema --write   write schema.graphql from the code
  schema --check   exit 1 when schema.graphql differs from the code
`;

const SCHEMA_FILE = "schema.graphql";

async function migrate(): Promise<number> {
  const config = loadConfig();
  const dataSource = await openDatabase(config.db);
  try {
    const summary = await seedReferenceData(dataSource);
    process.stdout.write(`${JSON.stringify({ database: config.db.displayUrl, ...summary })}\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

function schema(mode: string | undefined): number {
  const printed = printGongkaiSchema();
  if (mode === "--write") {
    fs.writeFileSync(SCHEMA_FILE, printed);
    process.stderr.write(`wrote ${SCHEMA_FILE}\n`);
    return 0;
  }
  if (mode === "--check") {
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
    if (committed === printed) return 0;
    process.stderr.write(`${SCHEMA_FILE} is stale: run \`npm run schema:print\` and commit the result\n`);
    return 1;
  }
  process.stdout.write(printed);
  return 0;
}

/** Runs one CLI command and returns its exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve":
      await runServe();
      return -1; // keeps running until a signal
    case "migrate":
      return migrate();
    case "parse":
      return runParse(rest);
    case "ingest":
      return runIngest(rest);
    case "reparse":
      return runReparse();
    case "continuity":
      return runContinuity();
    case "correct":
      return runCorrect(rest);
    case "export":
      return runExport(rest);
    case "release":
      return runRelease(rest);
    case "token":
      return runToken(rest);
    case "schema":
      return schema(rest[0]);
    case undefined:
    case "help":
    case "--help":
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
