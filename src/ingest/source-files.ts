import fs from "node:fs";
import path from "node:path";
import fastGlob from "fast-glob";
import type { SourceFormat } from "../domain/codes";

/** File endings the ingester reads, and the format of each. */
const FORMATS: ReadonlyArray<readonly [RegExp, SourceFormat]> = [
  [/\.(?:html?|xhtml)$/i, "HTML"],
  [/\.(?:md|markdown)$/i, "MARKDOWN"],
  [/\.json$/i, "JSON"],
  [/\.pdf$/i, "PDF"],
  [/\.txt$/i, "TEXT"],
];

/** Files beside the sources that are not sources: sidecars, test expectations, a folder's README. */
const NOT_SOURCES = /(?:\.(?:meta|expected)\.json|(?:^|[\\/])readme\.md)$/i;

/** The format of a source file, from its ending (TEXT for anything else). */
export function formatOfFile(file: string): SourceFormat {
  return FORMATS.find(([pattern]) => pattern.test(file))?.[1] ?? "TEXT";
}

/**
 * Expands the arguments of `ingest` into source files, in a stable order: a file as given, a directory's source
 * files (recursively), a glob's matches. An argument that matches nothing is returned in `missing`.
 */
export function expandSourcePaths(args: readonly string[]): { files: string[]; missing: string[] } {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const arg of args) {
    if (fs.existsSync(arg) && fs.statSync(arg).isFile()) {
      files.add(path.resolve(arg));
      continue;
    }
    const pattern = fs.existsSync(arg) && fs.statSync(arg).isDirectory() ? `${fastGlob.convertPathToPattern(arg)}/**/*` : arg;
    const matches = fastGlob
      .sync(pattern, { onlyFiles: true, absolute: true, dot: false })
      .filter((file) => FORMATS.some(([ending]) => ending.test(file)) && !NOT_SOURCES.test(file))
      .sort();
    if (matches.length === 0) missing.push(arg);
    matches.forEach((file) => files.add(file));
  }
  return { files: [...files], missing };
}
