import { getTable, TEMPLATE_TABLES } from "../domain/template-catalog";
import { openDocument, type DocumentResult } from "../documents/document-format";
import { DocumentLimitError } from "../documents/limits";
import { readDocumentFile } from "../documents/read-document-file";
import type { ParsedCell, ParsedReport } from "../parse";
import { cellCode, formatCellCode } from "../domain/cell";

/** Exit codes of `parse`: the worst over all files. */
export const PARSE_EXIT = { CLEAN: 0, VALIDATION_ERRORS: 1, NOT_A_REPORT: 2, UNREADABLE: 3 } as const;

const STATE_MARKS: Readonly<Record<string, string>> = { BLANK: "·", NA_MARK: "/", ILLEGIBLE: "?", ABSENT: "-" };

function renderValue(cell: ParsedCell | undefined): string {
  if (!cell) return "";
  if (cell.value === null) return STATE_MARKS[cell.state] ?? "";
  return `${cell.value}${cell.state === "UNCERTAIN" ? "?" : cell.state === "DERIVED" ? "*" : ""}`;
}

/** The evidence the scope was decided on, strongest first: weight, kind, line and phrase. */
function scopeEvidenceLine(report: ParsedReport): string {
  const evidence = [...(report.scopeEvidence ?? [])].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  if (evidence.length === 0) return "no evidence";
  return evidence
    .map(
      (item) =>
        `${item.weight > 0 ? "+" : ""}${item.weight} ${item.kind}${item.line === null ? "" : ` line ${item.line}`} ${item.phrase.length > 40 ? `${item.phrase.slice(0, 40)}…` : item.phrase}`,
    )
    .join("; ");
}

/** One line per cell the text reads several ways: the values it allows, the one kept first, and why. */
function candidateLines(report: ParsedReport): string[] {
  const open = report.cells.filter((cell) => cell.candidates);
  if (open.length === 0) return [];
  return [...open.map((cell) => `${cellCode(cell)} ? ${cell.candidates!.join(" | ")}${cell.uncertainty ? `  (${cell.uncertainty})` : ""}`), ""];
}

/** A plain-text rendering of a report's tables for a person. */
export function renderReportTables(report: ParsedReport): string {
  const lines = [
    `${report.title ?? report.agencyName ?? "(no title)"}`,
    `agency: ${report.agencyName ?? "?"}  year: ${report.year ?? "?"}  template: ${report.templateVersion}  scope: ${report.scope}  region: ${report.region?.code ?? "?"}`,
    `scope from ${report.scopeSource ?? "?"}: ${scopeEvidenceLine(report)}`,
    "",
  ];
  const byCode = new Map<string, ParsedCell>(report.cells.map((cell) => [cellCode(cell), cell]));
  for (const table of TEMPLATE_TABLES) {
    const cells = report.cells.filter((cell) => cell.table === table.code);
    if (cells.length === 0) continue;
    const columns = getTable(table.code).columns.filter((column) => cells.some((cell) => cell.column === column.code));
    const rows = table.rows.filter((row) => cells.some((cell) => cell.row === row.code));
    lines.push(`${table.labelZh} (${table.code})`);
    lines.push(["".padEnd(34), ...columns.map((column) => column.code.slice(0, 12).padStart(13))].join(""));
    for (const row of rows) {
      const values = columns.map((column) => renderValue(byCode.get(formatCellCode(table.code, row.code, column.code))).padStart(13));
      lines.push([row.code.slice(0, 33).padEnd(34), ...values].join(""));
    }
    lines.push("");
  }
  lines.push("? uncertain  * derived  · blank  / not applicable  - absent", "");
  lines.push(...candidateLines(report));
  for (const issue of report.issues) lines.push(`${issue.severity} ${issue.rule}: ${issue.message}${issue.line ? ` (line ${issue.line})` : ""}`);
  return `${lines.join("\n")}\n`;
}

/** `gongkai parse FILE… [--format json|table]`: prints each file's parse and returns the exit code. */
export async function runParse(
  args: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  let format = "json";
  const files: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    if (args[index] === "--format") format = args[++index] ?? "";
    else if (args[index].startsWith("--")) {
      err.write(`parse: unknown option ${args[index]}\n`);
      return PARSE_EXIT.NOT_A_REPORT;
    } else files.push(args[index]);
  }
  if (format !== "json" && format !== "table") {
    err.write(`parse: --format must be json or table, got "${format}"\n`);
    return PARSE_EXIT.NOT_A_REPORT;
  }
  if (files.length === 0) {
    err.write("usage: gongkai parse FILE… [--format json|table]\n");
    return PARSE_EXIT.NOT_A_REPORT;
  }
  let exit: number = PARSE_EXIT.CLEAN;
  for (const file of files) {
    const result = await parseFile(file);
    if (result.kind === "unreadable") {
      err.write(`${file}: cannot be read: ${result.reason}\n`);
      exit = Math.max(exit, PARSE_EXIT.UNREADABLE);
      continue;
    }
    if (result.kind === "invalid") {
      // A structured report with problems: each is named by its JSON path, as `ingest` names them.
      err.write(`${file}: ${result.reason}\n`);
      exit = Math.max(exit, PARSE_EXIT.NOT_A_REPORT);
      continue;
    }
    if (result.kind === "not-a-report") {
      err.write(`${file}: not a recognisable annual report: ${result.reason}\n`);
      exit = Math.max(exit, PARSE_EXIT.NOT_A_REPORT);
      continue;
    }
    out.write(format === "json" ? `${JSON.stringify(result.report)}\n` : renderReportTables(result.report));
    if (result.report.issues.some((issue) => issue.severity === "error")) exit = Math.max(exit, PARSE_EXIT.VALIDATION_ERRORS);
  }
  return exit;
}

/**
 * Reads and parses one file within the limits of documents/limits.ts (a file over the size limit is refused before
 * it is read), in the format `ingest` would read it in (document-format.ts): a .json file as the structured form.
 */
async function parseFile(file: string): Promise<DocumentResult> {
  let bytes: Buffer;
  try {
    bytes = readDocumentFile(file);
  } catch (error) {
    if (error instanceof DocumentLimitError) return { kind: "unreadable", reason: error.message };
    return { kind: "unreadable", reason: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
  return (await openDocument({ bytes, fileName: file })).result;
}
