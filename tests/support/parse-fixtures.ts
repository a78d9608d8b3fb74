import fs from "node:fs";
import path from "node:path";
import { parseReport, type ParsedReport } from "../../src/parse";
import type { ExpectedReport } from "../../src/synthetic/text-shapes";

/** The test fixtures, and the corpus of real reports with hand-checked values among them. */
export const FIXTURES = path.join(__dirname, "..", "fixtures");
export const CORPUS = path.join(FIXTURES, "corpus");

/** A corpus report's text and its hand-checked values. */
export function corpus(name: string): { text: string; expected: ExpectedReport } {
  return {
    text: fs.readFileSync(path.join(CORPUS, `${name}.txt`), "utf8"),
    expected: JSON.parse(fs.readFileSync(path.join(CORPUS, `${name}.expected.json`), "utf8")) as ExpectedReport,
  };
}

/** The parse of a text that must be read as a report. */
export function parsed(text: string): ParsedReport {
  const result = parseReport(text);
  if (result.kind !== "report") throw new Error(result.reason);
  return result.report;
}

/** A cell's TABLE.ROW.COLUMN code, for an expected cell as for a parsed one. */
export const codeOf = (cell: { table: string; row: string; column: string }) => `${cell.table}.${cell.row}.${cell.column}`;
