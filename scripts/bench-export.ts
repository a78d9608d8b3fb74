import fs from "node:fs";
import os from "node:os";
import { parseDatabaseUrl, type DatabaseConfig } from "../src/config";
import { openDatabase } from "../src/db/data-source";
import { prepareSyntheticDatabase, startServerProcess, type ServerProcess } from "./server-process";

/**
 * `npm run bench:export`: loads BENCH_REPORTS synthetic reports (default 10,000) into BENCH_DATABASE_URL (default
 * MariaDB at 127.0.0.1, database gongkai_bench_export, dropped and created again; sqlite:PATH works too), starts the
 * server as `npm start` runs it, downloads the wide CSV and the XLSX workbook of all reports, and prints for each
 * the reports per second and the server's peak RSS (VmHWM) during that download. The peak is reset before each
 * download (/proc/PID/clear_refs) where the kernel allows it; otherwise it is the peak since the server started,
 * and the output says so. BENCH_REUSE=1 keeps a database an earlier run loaded (its reports are counted, not made).
 * Asserts nothing.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "mariadb://root@127.0.0.1:3306/gongkai_bench_export";
const REPORTS = Number(process.env.BENCH_REPORTS ?? 10_000);
const EXPORTS = [
  { name: "wide CSV", path: "/export/reports-wide.csv" },
  { name: "XLSX", path: "/export/reports.xlsx" },
] as const;

/** A field of /proc/PID/status in MiB (VmRSS, VmHWM). */
function statusMiB(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Resets the process's peak RSS to its current RSS; false where the kernel does not allow it. */
function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** Downloads `path` to nowhere, reading the body as it comes; returns its size in bytes and the seconds taken. */
async function download(server: ServerProcess, path: string): Promise<{ bytes: number; seconds: number; status: number }> {
  const started = performance.now();
  const response = await fetch(`${server.url}${path}`);
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return { bytes, seconds: (performance.now() - started) / 1000, status: response.status };
}

/** Makes the benchmark's database afresh with REPORTS synthetic reports; returns how many were loaded. */
async function load(config: DatabaseConfig): Promise<number> {
  if (config.kind === "sqlite" && config.sqlitePath && fs.existsSync(config.sqlitePath)) fs.rmSync(config.sqlitePath);
  const started = performance.now();
  const reports = await prepareSyntheticDatabase(config, REPORTS);
  console.log(`database: ${config.displayUrl}; ${reports} synthetic reports loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return reports;
}

/** The reports of a database an earlier run loaded. */
async function countReports(config: DatabaseConfig): Promise<number> {
  const dataSource = await openDatabase(config);
  try {
    const [row] = (await dataSource.query("SELECT COUNT(*) AS n FROM report")) as Array<{ n: number | string }>;
    console.log(`database: ${config.displayUrl}; ${Number(row.n)} reports kept from an earlier run (BENCH_REUSE=1)`);
    return Number(row.n);
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const config = parseDatabaseUrl(DATABASE_URL, "BENCH_DATABASE_URL");
  console.log(`machine: ${os.cpus()[0]?.model ?? "unknown"} × ${os.cpus().length}, node ${process.version}`);
  const reports = process.env.BENCH_REUSE === "1" ? await countReports(config) : await load(config);
  // A fresh server per export, so that one export's heap is not counted in the other's peak.
  for (const target of EXPORTS) await measure(target, reports);
}

/** Starts a server, downloads one export from it and prints the rate and the server's peak RSS during the download. */
async function measure(target: (typeof EXPORTS)[number], reports: number): Promise<void> {
  const server = await startServerProcess({ DATABASE_URL, REQUEST_TIMEOUT_MS: "600000" });
  const pid = server.child.pid!;
  try {
    const idle = statusMiB(pid, "VmRSS");
    const reset = resetPeak(pid);
    const { bytes, seconds, status } = await download(server, target.path);
    const peak = statusMiB(pid, "VmHWM");
    console.log(
      `${target.name} (${target.path}): HTTP ${status}, ${reports} reports, ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${seconds.toFixed(1)} s = ` +
        `${(reports / seconds).toFixed(0)} rows/s; server RSS ${idle.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB` +
        (reset ? "" : " (peak since start: clear_refs not allowed)"),
    );
  } finally {
    server.child.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
