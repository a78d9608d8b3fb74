import fs from "node:fs";
import path from "node:path";
import { CsvError, parse } from "csv-parse/sync";
import type { DataSource } from "typeorm";
import { loadConfig } from "../config";
import { openDatabase } from "../db/data-source";
import type { TemplateVersion } from "../domain/codes";
import { Report } from "../entities";
import { checkCorrections, type CorrectionInput } from "../revisions/corrections";
import { RevisionConflictError, RevisionInputError, RevisionNotFoundError } from "../revisions/revision-errors";
import { correctCells } from "../services/report-review";
import { cliAuthor } from "./cli-author";

const USAGE = `usage: gongkai correct FILE
  FILE is CSV with the header report_id,revision,cell,value,state,reason,evidence (UTF-8, with or without BOM)
  or JSON: an array of {reportId, revision, cell, value?, state?, reason, evidence?}`;

/** The CSV columns, in the order the header names them; value, state and evidence may be left empty. */
export const CORRECTION_COLUMNS = ["report_id", "revision", "cell", "value", "state", "reason", "evidence"] as const;

/** One correction read from the file, and where it stands there ("line 3", "item 2"). */
interface FileRow {
  readonly at: string;
  readonly reportId: unknown;
  readonly revision: unknown;
  readonly correction: CorrectionInput;
}

/** A problem with the file, at a row and a field. */
interface Problem {
  readonly at: string;
  readonly field: string;
  readonly problem: string;
}

class FileProblem extends Error {}

/** A CSV text as a number, or the text itself when it is not one (checkCorrections says why). */
function csvNumber(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function readCsv(text: string): FileRow[] {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim());
        const missing = CORRECTION_COLUMNS.filter((name) => name !== "evidence" && !names.includes(name));
        const unknown = names.filter((name) => !(CORRECTION_COLUMNS as readonly string[]).includes(name));
        if (missing.length > 0 || unknown.length > 0)
          throw new FileProblem(
            `line 1: the header must name ${CORRECTION_COLUMNS.join(",")}${missing.length ? `; missing ${missing.join(", ")}` : ""}${unknown.length ? `; unknown ${unknown.join(", ")}` : ""}`,
          );
        return names;
      },
    }) as typeof records;
  } catch (error) {
    if (error instanceof FileProblem) throw error;
    if (error instanceof CsvError) throw new FileProblem(`not readable as CSV: ${error.message}`);
    throw error;
  }
  return records.map(({ record, info }) => ({
    at: `line ${info.lines}`,
    reportId: csvNumber(record.report_id ?? ""),
    revision: csvNumber(record.revision ?? ""),
    correction: {
      cell: (record.cell ?? "").trim(),
      value: csvNumber(record.value ?? "") as number | undefined,
      state: (record.state ?? "").trim() || undefined,
      reason: record.reason ?? "",
      evidence: (record.evidence ?? "").trim() || undefined,
    },
  }));
}

function readJson(text: string): FileRow[] {
  let items: unknown;
  try {
    items = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new FileProblem(`not readable as JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(items)) throw new FileProblem("the JSON must be an array of corrections");
  return items.map((item: unknown, index) => {
    const at = `item ${index}`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) throw new FileProblem(`${at}: must be an object`);
    const fields = item as Record<string, unknown>;
    const unknown = Object.keys(fields).filter((key) => !["reportId", "revision", "cell", "value", "state", "reason", "evidence"].includes(key));
    if (unknown.length > 0) throw new FileProblem(`${at}: unknown field ${JSON.stringify(unknown[0])}`);
    return {
      at,
      reportId: fields.reportId,
      revision: fields.revision,
      correction: fields as unknown as CorrectionInput,
    };
  });
}

/** The file's rows: JSON when it is named .json or begins with "[", CSV otherwise. */
function readRows(file: string, text: string): FileRow[] {
  const json = path.extname(file).toLowerCase() === ".json" || /^\uFEFF?\s*\[/.test(text);
  return json ? readJson(text) : readCsv(text);
}

/** The field of a row a RevisionInputError of checkCorrections names (`corrections[0].value` → value). */
function rowField(field: string, csv: boolean): string {
  const name = field.replace(/^corrections\[\d+\]\.?/, "") || "value/state";
  return csv && name === "reportId" ? "report_id" : name;
}

/** Corrections of one report at one revision: one call, one revision. */
interface Group {
  readonly reportId: number;
  readonly revision: number;
  readonly rows: FileRow[];
}

const positive = (value: unknown) => typeof value === "number" && Number.isInteger(value) && value >= 1;

/** Checks every row against the database and the catalog; answers the groups and every problem found. */
async function checkRows(dataSource: DataSource, rows: readonly FileRow[], csv: boolean): Promise<{ groups: Group[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const groups = new Map<string, Group>();
  const reports = new Map<number, Report | null>();
  const [reportField, revisionField] = csv ? ["report_id", "revision"] : ["reportId", "revision"];
  for (const row of rows) {
    if (!positive(row.reportId)) {
      problems.push({ at: row.at, field: reportField, problem: `must be a report id, got ${JSON.stringify(row.reportId ?? null)}` });
      continue;
    }
    const reportId = row.reportId as number;
    if (!reports.has(reportId)) reports.set(reportId, await dataSource.getRepository(Report).findOneBy({ id: reportId }));
    const report = reports.get(reportId)!;
    if (!report) {
      problems.push({ at: row.at, field: reportField, problem: `report ${reportId} does not exist` });
      continue;
    }
    if (!positive(row.revision)) {
      problems.push({ at: row.at, field: revisionField, problem: `must be a revision number, got ${JSON.stringify(row.revision ?? null)}` });
      continue;
    }
    if (row.revision !== report.revision) {
      problems.push({ at: row.at, field: revisionField, problem: new RevisionConflictError(reportId, row.revision as number, report.revision).message });
      continue;
    }
    try {
      checkCorrections(report.templateVersion as TemplateVersion, [row.correction]);
    } catch (error) {
      if (!(error instanceof RevisionInputError)) throw error;
      problems.push({ at: row.at, field: rowField(error.field, csv), problem: error.problem });
      continue;
    }
    const key = `${reportId}@${report.revision}`;
    if (!groups.has(key)) groups.set(key, { reportId, revision: report.revision, rows: [] });
    groups.get(key)!.rows.push(row);
  }
  // What only a whole group shows: a cell corrected twice, more corrections than one request carries.
  for (const group of groups.values()) {
    try {
      checkCorrections(
        reports.get(group.reportId)!.templateVersion as TemplateVersion,
        group.rows.map((row) => row.correction),
      );
    } catch (error) {
      if (!(error instanceof RevisionInputError)) throw error;
      const index = /^corrections\[(\d+)\]/.exec(error.field)?.[1];
      const row = index === undefined ? group.rows[0] : group.rows[Number(index)];
      const problem = error.problem.replace(/corrections\[(\d+)\]/g, (_match, at: string) => group.rows[Number(at)].at);
      problems.push({ at: row.at, field: rowField(error.field, csv), problem: index === undefined ? `report ${group.reportId}: ${problem}` : problem });
    }
  }
  return { groups: [...groups.values()], problems };
}

function openConfiguredDatabase(): Promise<DataSource> {
  return openDatabase(loadConfig().db);
}

/**
 * `gongkai correct FILE`: applies corrections read from a CSV or JSON file, one revision per report (rows grouped by
 * report and revision). Every row is checked first (the report exists, the revision is its latest, the cell, value or
 * state and reason are good for the report's template); any problem is printed with its line (CSV) or item (JSON)
 * and field, and nothing is written: exit 2. A report changed by someone else between the check and its write is
 * printed with the groups already applied: exit 1. Prints a line per report corrected with its new revision.
 */
export async function runCorrect(
  args: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
  open: () => Promise<DataSource> = openConfiguredDatabase,
): Promise<number> {
  if (args.length !== 1 || args[0].startsWith("-")) {
    err.write(`${USAGE}\n`);
    return 2;
  }
  const file = args[0];
  let rows: FileRow[];
  try {
    rows = readRows(file, fs.readFileSync(file, "utf8"));
  } catch (error) {
    if (error instanceof FileProblem) {
      err.write(`correct: ${file}: ${error.message}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== "string") throw error;
    err.write(`correct: cannot read ${file}: ${code}\n`);
    return 2;
  }
  if (rows.length === 0) {
    err.write(`correct: ${file}: lists no correction\n`);
    return 2;
  }
  const csv = !(path.extname(file).toLowerCase() === ".json" || rows[0].at.startsWith("item"));
  const dataSource = await open();
  try {
    const { groups, problems } = await checkRows(dataSource, rows, csv);
    if (problems.length > 0) {
      for (const { at, field, problem } of problems) err.write(`${file} ${at}: ${field}: ${problem}\n`);
      err.write(`correct: ${problems.length} problem(s); nothing was written\n`);
      return 2;
    }
    const author = cliAuthor();
    const applied: string[] = [];
    for (const group of groups) {
      try {
        const { revision } = await correctCells(
          dataSource,
          { reportId: group.reportId, revision: group.revision, corrections: group.rows.map((row) => row.correction) },
          author,
        );
        const line = `report ${group.reportId}: revision ${revision.number} (${group.rows.length} cell${group.rows.length === 1 ? "" : "s"} corrected, revision id ${revision.id})`;
        applied.push(`report ${group.reportId}`);
        out.write(`${line}\n`);
      } catch (error) {
        if (!(error instanceof RevisionConflictError || error instanceof RevisionNotFoundError || error instanceof RevisionInputError)) throw error;
        const left = groups.slice(groups.indexOf(group)).map((rest) => `report ${rest.reportId}`);
        err.write(
          `correct: ${group.rows[0].at}: ${error.message}\n` + `applied: ${applied.length ? applied.join(", ") : "none"}; not applied: ${left.join(", ")}\n`,
        );
        return 1;
      }
    }
    return 0;
  } finally {
    await dataSource.destroy();
  }
}
