import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { renderHtmlPage, renderMarkdown } from "../src/synthetic/report-writer";
import { syntheticAgencies, syntheticReport } from "../src/synthetic/synthetic-reports";

/** Writes `count` synthetic reports (Markdown, every fifth as an HTML page) into a new temporary folder. */
export function writeSyntheticReports(count: number, years: readonly number[] = [2020, 2022, 2023], seed = 42): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-synthetic-"));
  const agencies = syntheticAgencies(Math.ceil(count / years.length), seed);
  let written = 0;
  for (const [index, agency] of agencies.entries()) {
    for (const year of years) {
      if (written === count) return folder;
      const spec = syntheticReport(agency, year, seed * 100_003 + index * 31 + year);
      const html = written % 5 === 4;
      fs.writeFileSync(path.join(folder, `${String(written).padStart(5, "0")}.${html ? "html" : "md"}`), html ? renderHtmlPage(spec) : renderMarkdown(spec));
      written += 1;
    }
  }
  return folder;
}
