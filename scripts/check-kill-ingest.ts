import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseDatabaseUrl } from "../src/config";
import { openDatabase } from "../src/db/data-source";
import { Agency, Report, ReportCell } from "../src/entities";
import { expandSourcePaths } from "../src/ingest/source-files";
import { parseReport } from "../src/parse";
import { writeSyntheticReports } from "./synthetic-files";

/**
 * `npm run check:kill-ingest`: starts `gongkai ingest` on CHECK_REPORTS synthetic reports (default 300) against
 * CHECK_DATABASE_URL (an empty database; default a new SQLite file), kills it with SIGKILL once KILL_AFTER files
 * are done, and checks that every stored report is whole (as many cells as its source parses to) and no agency was
 * left without its report; then runs the ingest again and checks that the load completes. Exits 1 on a violation.
 */
const CLI = path.join(__dirname, "..", "src", "cli", "main.js");
const COUNT = Number(process.env.CHECK_REPORTS ?? 300);
const KILL_AFTER = Number(process.env.KILL_AFTER ?? 60);

function runIngest(
  folder: string,
  databaseUrl: string,
  killAfter: number | null,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; done: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, "ingest", folder], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "pipe"] });
    let done = 0;
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      done += (chunk.toString().match(/^\[\d+\/\d+\]/gm) ?? []).length;
      if (killAfter !== null && done >= killAfter && child.exitCode === null) child.kill("SIGKILL");
    });
    child.on("exit", (code, signal) => resolve({ code, signal, done, stdout }));
  });
}

async function main(): Promise<void> {
  const folder = writeSyntheticReports(COUNT);
  const databaseUrl = process.env.CHECK_DATABASE_URL ?? `sqlite:${path.join(folder, "check.sqlite")}`;
  const files = expandSourcePaths([folder]).files;
  const expectedCells = new Map<string, number>();
  for (const file of files) {
    const result = parseReport(fs.readFileSync(file, "utf8"));
    if (result.kind !== "report") throw new Error(`${file}: ${result.reason}`);
    expectedCells.set(`${result.report.agencyName}|${result.report.year}`, result.report.cells.length);
  }
  const killed = await runIngest(folder, databaseUrl, KILL_AFTER);
  console.log(`first run: killed by ${killed.signal} after ${killed.done} of ${files.length} files`);
  const dataSource = await openDatabase(parseDatabaseUrl(databaseUrl));
  const problems: string[] = [];
  const checkWhole = async (stage: string) => {
    const reports = await dataSource.getRepository(Report).find();
    const agencies = await dataSource.getRepository(Agency).find();
    for (const report of reports) {
      const agency = agencies.find((candidate) => candidate.id === report.agencyId)!;
      const cells = await dataSource.getRepository(ReportCell).countBy({ reportId: report.id });
      const expected = expectedCells.get(`${agency.name}|${report.year}`);
      if (cells !== expected) problems.push(`${stage}: report ${agency.name} ${report.year} has ${cells} cells, its source has ${expected}`);
    }
    const withReports = new Set(reports.map((report) => report.agencyId));
    for (const agency of agencies) if (!withReports.has(agency.id)) problems.push(`${stage}: agency ${agency.name} has no report`);
    return reports.length;
  };
  const afterKill = await checkWhole("after SIGKILL");
  console.log(`after SIGKILL: ${afterKill} whole reports stored, ${problems.length} problems`);
  const rerun = await runIngest(folder, databaseUrl, null);
  console.log(`second run: exit ${rerun.code}: ${rerun.stdout.trim()}`);
  const afterRerun = await checkWhole("after the second run");
  if (rerun.code !== 0) problems.push(`the second run exited ${rerun.code}`);
  if (afterRerun !== files.length) problems.push(`after the second run ${afterRerun} of ${files.length} reports are stored`);
  await dataSource.destroy();
  fs.rmSync(folder, { recursive: true });
  for (const problem of problems) console.log(`PROBLEM ${problem}`);
  console.log(problems.length === 0 ? "kill-ingest check passed" : "kill-ingest check FAILED");
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
