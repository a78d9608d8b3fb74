import fs from "node:fs";
import path from "node:path";
import fastGlob from "fast-glob";
import { formatOfName } from "../documents/document-format";

/** Files beside the sources that are not sources: sidecars, test expectations, a folder's README. */
const NOT_SOURCES = /(?:\.(?:meta|expected)\.json|(?:^|[\\/])readme\.md)$/i;

/**
 * Expands the arguments of `ingest` into source files, in a stable order: a file as given, a directory's source
 * files (recursively), a glob's matches; a source file being one with the ending of an input format
 * (document-format.ts). An argument that matches nothing is returned in `missing`.
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
      .filter((file) => formatOfName(file) !== null && !NOT_SOURCES.test(file))
      .sort();
    if (matches.length === 0) missing.push(arg);
    matches.forEach((file) => files.add(file));
  }
  return { files: [...files], missing };
}
