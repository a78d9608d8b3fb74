import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseReport } from "../src/parse";

/**
 * `npm run bench:parse`: parses the corpus reports over and over on one thread for a fixed time and prints reports
 * per second, overall and per report. Not a test: it asserts nothing.
 */
const CORPUS = path.join(__dirname, "..", "..", "tests", "fixtures", "corpus");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

const reports = fs
  .readdirSync(CORPUS)
  .filter((file) => file.endsWith(".txt"))
  .map((file) => ({ name: file.replace(/\.txt$/, ""), text: fs.readFileSync(path.join(CORPUS, file), "utf8") }));

for (const report of reports) parseReport(report.text); // warm-up

const perReport = new Map(reports.map((report) => [report.name, { count: 0, ms: 0 }]));
const deadline = performance.now() + SECONDS * 1000;
let total = 0;
while (performance.now() < deadline) {
  for (const report of reports) {
    const started = performance.now();
    parseReport(report.text);
    const stats = perReport.get(report.name)!;
    stats.ms += performance.now() - started;
    stats.count += 1;
    total += 1;
  }
}
const elapsed = [...perReport.values()].reduce((sum, stats) => sum + stats.ms, 0) / 1000;
console.log(`machine: ${os.cpus()[0]?.model ?? "unknown"}, node ${process.version}, one thread`);
console.log(`corpus: ${reports.length} reports, ${SECONDS} s`);
for (const [name, stats] of perReport) console.log(`  ${name.padEnd(24)} ${(stats.ms / stats.count).toFixed(2)} ms/report`);
console.log(`${(total / elapsed).toFixed(0)} reports per second`);
