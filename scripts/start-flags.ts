import fs from "node:fs";
import path from "node:path";

/** The Node flags `npm start` passes, read from package.json, so that scripts measure the server as it is run. */
export function startNodeFlags(): string[] {
  const root = path.join(__dirname, "..", "..");
  const start: string = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start;
  return start.split(/\s+/).filter((word) => word.startsWith("--"));
}
