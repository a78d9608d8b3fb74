import fs from "node:fs";
import path from "node:path";
import { openDocument } from "../documents/document-format";
import { readDocumentFile } from "../documents/read-document-file";
import { scoreReport, type ExpectedReport, type ReportScore } from "./score-report";

/**
 * The parser's accuracy on the project's fixtures. Every folder of fixtures with hand-checked values holds a
 * `manifest.json`:
 *   { "shape": "what the documents look like",
 *     "reports": [ { "file": "a.pdf", "expected": "../corpus/a.expected.json" }, { "file": "letter.txt", "notAReport": true } ] }
 * with paths relative to the manifest, and `"needsOcr": true` for a folder of scans. Each document is read as `parse` and `ingest` read it (document-format.ts)
 * and scored by score-report.ts. Adding a shape is adding a folder with its documents and a manifest.
 */

interface ManifestEntry {
  readonly file: string;
  readonly expected?: string;
  readonly notAReport?: boolean;
}

interface Manifest {
  readonly shape: string;
  /** The documents are scans, read by OCR: minutes of work, and only where Tesseract is installed. */
  readonly needsOcr?: boolean;
  readonly reports: readonly ManifestEntry[];
}

/** Which manifests to score. */
export interface AccuracyOptions {
  /** Score the folders of scans too (default true). */
  readonly includeOcr?: boolean;
}

/** One document's result: a score against its expected file, or whether a non-report was refused. */
export type DocumentAccuracy =
  | { readonly kind: "report"; readonly shape: string; readonly folder: string; readonly file: string; readonly score: ReportScore }
  | {
      readonly kind: "not-a-report";
      readonly shape: string;
      readonly folder: string;
      readonly file: string;
      readonly refused: boolean;
      readonly reason: string;
    };

/** The manifests under `root`, nearest first, in a stable order. */
export function findManifests(root: string): string[] {
  const found: string[] = [];
  const visit = (folder: string) => {
    const entries = fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name === "manifest.json") found.push(full);
    }
  };
  visit(root);
  return found;
}

/** Reads a manifest, saying which one and what is wrong when it is malformed. */
function readManifest(file: string): Manifest {
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  if (typeof manifest.shape !== "string" || !Array.isArray(manifest.reports)) throw new Error(`${file}: a manifest needs "shape" and "reports"`);
  manifest.reports.forEach((entry, index) => {
    if (typeof entry.file !== "string" || (entry.notAReport !== true && typeof entry.expected !== "string")) {
      throw new Error(`${file}: reports[${index}] needs "file" and either "expected" or "notAReport": true`);
    }
  });
  return manifest;
}

/** Reads and scores every document of one manifest. */
export async function manifestAccuracy(manifestFile: string, options: AccuracyOptions = {}): Promise<DocumentAccuracy[]> {
  const manifest = readManifest(manifestFile);
  if (manifest.needsOcr && options.includeOcr === false) return [];
  const folder = path.dirname(manifestFile);
  const results: DocumentAccuracy[] = [];
  for (const entry of manifest.reports) {
    const file = path.join(folder, entry.file);
    const { result } = await openDocument({ bytes: readDocumentFile(file), fileName: file });
    const where = { shape: manifest.shape, folder: path.basename(folder), file: entry.file };
    if (entry.notAReport) {
      results.push({
        kind: "not-a-report",
        ...where,
        refused: result.kind !== "report",
        reason: result.kind === "report" ? "read as a report" : result.reason,
      });
    } else {
      const expected = JSON.parse(fs.readFileSync(path.join(folder, entry.expected!), "utf8")) as ExpectedReport;
      results.push({ kind: "report", ...where, score: scoreReport(result, expected) });
    }
  }
  return results;
}

/** Every manifest's results under `root`. */
export async function fixtureAccuracy(root: string, options: AccuracyOptions = {}): Promise<DocumentAccuracy[]> {
  const all: DocumentAccuracy[] = [];
  for (const manifest of findManifests(root)) all.push(...(await manifestAccuracy(manifest, options)));
  return all;
}
