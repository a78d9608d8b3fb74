import fs from "node:fs";
import path from "node:path";

/**
 * The project's root folder (the one with its package.json), found from this file so that it is the same whether
 * the code runs from src/ (tests) or dist/src/ (the built server).
 */
export function projectRoot(): string {
  for (let folder = __dirname; ; folder = path.dirname(folder)) {
    const manifest = path.join(folder, "package.json");
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === "gongkai") return folder;
    if (path.dirname(folder) === folder) throw new Error(`no gongkai package.json above ${__dirname}`);
  }
}

/** The sample reports that an empty database is loaded with. */
export function samplesFolder(): string {
  return path.join(projectRoot(), "samples");
}
