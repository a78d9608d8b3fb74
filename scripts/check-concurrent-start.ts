import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createConnection } from "mysql2/promise";
import { parseDatabaseUrl, type DatabaseConfig } from "../src/config";
import { createDataSource } from "../src/db/data-source";
import { INDICATORS } from "../src/domain/indicator-catalog";
import { loadRegionRecords } from "../src/domain/region-data";
import { samplesFolder } from "../src/project-paths";
import { MIGRATIONS } from "../migrations";

/**
 * `npm run check:concurrent-start`: on a fresh database, starts STARTERS processes (default 8) of
 * `gongkai ingest samples/` at the same moment and checks that every one exits, with code 0, and that the database
 * holds each migration once in schema_migration, the 5 sample reports, and the reference data once. Then checks
 * that a migration failing on a conflicting object (a view where a table belongs) makes `gongkai migrate` exit 1
 * with the migration's name, its statement and the error, instead of hanging. Runs on a new SQLite file, and on
 * CHECK_DATABASE_URL when it names a MySQL/MariaDB database, which is DROPPED and created again. Prints one summary
 * line (and a PROBLEM line per violation); exits 1 on any.
 */
const CLI = path.join(__dirname, "..", "src", "cli", "main.js");
const STARTERS = Number(process.env.STARTERS ?? 8);
/** A hang guard for all the starters together, generous for a loaded 2-core machine: past it they are killed. */
const OVERALL_TIMEOUT_MS = Number(process.env.CHECK_TIMEOUT_MS ?? 300_000);
const SAMPLE_REPORTS = 5;

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI; a process still running at `deadline` is killed with SIGKILL (and reported by its signal). */
function runCli(args: readonly string[], databaseUrl: string, deadline: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const guard = setTimeout(() => child.kill("SIGKILL"), Math.max(0, deadline - Date.now()));
    child.on("exit", (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A fresh, empty database: a new SQLite file, or the server database dropped and created again. */
async function freshDatabase(config: DatabaseConfig): Promise<void> {
  if (config.kind === "sqlite") return;
  const url = new URL(config.url ?? "");
  const admin = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || "root"),
    password: decodeURIComponent(url.password),
  });
  const name = decodeURIComponent(url.pathname.slice(1));
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
}

/** Runs statements on the database directly (no migrations), and closes it. */
async function query<T>(config: DatabaseConfig, work: (run: (sql: string) => Promise<Array<Record<string, unknown>>>) => Promise<T>): Promise<T> {
  const dataSource = await createDataSource(config).initialize();
  try {
    return await work((sql) => dataSource.query(sql));
  } finally {
    await dataSource.destroy();
  }
}

/** What the database holds after the starters: migrations applied (names in order), reports, regions, indicators. */
async function stateOf(config: DatabaseConfig) {
  return query(config, async (run) => {
    const count = async (table: string) => Number((await run(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    const migrations = (await run("SELECT name FROM schema_migration ORDER BY id")).map((row) => String(row.name));
    return { migrations, reports: await count("report"), regions: await count("region"), indicators: await count("indicator") };
  });
}

/** Starts the starters together on a fresh database and checks what they did; returns the summary's part. */
async function checkStarters(label: string, databaseUrl: string, problems: string[]): Promise<string> {
  const config = parseDatabaseUrl(databaseUrl, "CHECK_DATABASE_URL");
  await freshDatabase(config);
  const started = Date.now();
  const deadline = started + OVERALL_TIMEOUT_MS;
  const runs = await Promise.all(Array.from({ length: STARTERS }, () => runCli(["ingest", samplesFolder()], databaseUrl, deadline)));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  runs.forEach((run, index) => {
    if (run.signal) problems.push(`${label}: starter ${index + 1} did not exit within ${OVERALL_TIMEOUT_MS / 1000} s and was killed`);
    else if (run.code !== 0)
      problems.push(`${label}: starter ${index + 1} exited ${run.code}: ${(run.stdout + run.stderr).trim().split("\n").slice(-3).join(" | ")}`);
  });
  const state = await stateOf(config);
  const expected = MIGRATIONS.map((migration) => migration.name);
  if (JSON.stringify(state.migrations) !== JSON.stringify(expected))
    problems.push(`${label}: schema_migration holds [${state.migrations.join(", ")}], expected each of the ${expected.length} migrations once`);
  if (state.reports !== SAMPLE_REPORTS) problems.push(`${label}: ${state.reports} reports, expected ${SAMPLE_REPORTS}`);
  if (state.regions !== loadRegionRecords().length) problems.push(`${label}: ${state.regions} regions, expected ${loadRegionRecords().length}`);
  if (state.indicators !== INDICATORS.length) problems.push(`${label}: ${state.indicators} indicators, expected ${INDICATORS.length}`);
  const exited = runs.filter((run) => run.code === 0).length;
  return `${label}: ${exited}/${STARTERS} exited 0 in ${seconds} s, ${state.migrations.length} schema_migration rows (${new Set(state.migrations).size} names), ${state.reports} reports, ${state.regions} regions, ${state.indicators} indicators`;
}

/** A migration that fails (a view stands where a table belongs) must end `gongkai migrate` with exit 1 and say why. */
async function checkFailingMigration(label: string, databaseUrl: string, problems: string[]): Promise<string> {
  const config = parseDatabaseUrl(databaseUrl, "CHECK_DATABASE_URL");
  await freshDatabase(config);
  await query(config, (run) => run("CREATE VIEW region AS SELECT 1 AS x"));
  const started = Date.now();
  const run = await runCli(["migrate"], databaseUrl, started + OVERALL_TIMEOUT_MS);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const said = /^migration \S+ failed: .+; statement: CREATE TABLE/m.test(run.stderr);
  if (run.signal) problems.push(`${label}: a failing migration hung: killed after ${OVERALL_TIMEOUT_MS / 1000} s`);
  else if (run.code !== 1 || !said) problems.push(`${label}: a failing migration exited ${run.code} saying: ${run.stderr.trim() || "(nothing)"}`);
  return `${label} failing migration: exit ${run.code ?? run.signal} in ${seconds} s`;
}

async function main(): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-concurrent-start-"));
  const targets: Array<[string, string, string]> = [["sqlite", `sqlite:${path.join(folder, "check.sqlite")}`, `sqlite:${path.join(folder, "failing.sqlite")}`]];
  const server = process.env.CHECK_DATABASE_URL;
  if (server && !server.startsWith("sqlite:")) targets.push([parseDatabaseUrl(server, "CHECK_DATABASE_URL").kind, server, server]);
  const problems: string[] = [];
  const parts: string[] = [];
  for (const [label, url, failingUrl] of targets) {
    parts.push(await checkStarters(label, url, problems));
    parts.push(await checkFailingMigration(label, failingUrl, problems));
  }
  if (!server) parts.push("mariadb: skipped (set CHECK_DATABASE_URL=mariadb://…)");
  fs.rmSync(folder, { recursive: true, force: true });
  for (const problem of problems) console.log(`PROBLEM ${problem}`);
  console.log(`concurrent-start check ${problems.length === 0 ? "passed" : "FAILED"}: ${parts.join("; ")}`);
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
