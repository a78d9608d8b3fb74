import fs from "node:fs";
import os from "node:os";
import { parseDatabaseUrl, type DatabaseConfig } from "../src/config";
import { openDatabase } from "../src/db/data-source";
import { INDICATORS } from "../src/domain/indicator-catalog";
import { Report, ReportCell, ValidationIssue } from "../src/entities";
import { ingestFile } from "../src/ingest/ingest-files";
import { expandSourcePaths } from "../src/ingest/source-files";
import { partsAt, reportStateAt, resolvePoint, type HistoryPoint } from "../src/revisions/history";
import { RevisionConflictError } from "../src/revisions/revision-errors";
import { seedReferenceData } from "../src/seed/seed-reference-data";
import { correctCells } from "../src/services/report-review";
import { seededRandom } from "../src/synthetic/synthetic-reports";
import type { DataSource } from "typeorm";
import { prepareSyntheticDatabase } from "./server-process";
import { writeSyntheticReports } from "./synthetic-files";

/**
 * `npm run bench:revisions [-- --reports N]`: what the revision history costs. Loads N synthetic reports (default
 * 10,000) into BENCH_DATABASE_URL (default MariaDB at 127.0.0.1, database gongkai_bench_revisions, DROPPED and
 * created again; sqlite:PATH works too) and gives each three revisions: the ingest, a correction of 3 cells, a
 * second correction of 3 cells (one of them corrected again). Then prints the storage of the history (report_revision,
 * cell_version, issue_version, cell_correction) per report and per revision beside that of the current rows
 * (report_cell, validation_issue) — on MySQL/MariaDB from information_schema.TABLES (data_length + index_length,
 * after ANALYZE TABLE), on SQLite from dbstat — and the time of reading 100 random reports as of a point between the
 * two corrections (reportStateAt one by one, partsAt in one batch) against reading their current cells and issues
 * the same way, as ratios measured in one run. Asserts nothing.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "mariadb://root@127.0.0.1:3306/gongkai_bench_revisions";
const SAMPLED = 100;
const ROUNDS = 7;
const AUTHOR = { actor: "bench-revisions" };
const HISTORY_TABLES = ["report_revision", "cell_version", "issue_version", "cell_correction"];
const CURRENT_TABLES = ["report_cell", "validation_issue"];

function reportsArgument(): number {
  const at = process.argv.indexOf("--reports");
  const value = at >= 0 ? Number(process.argv[at + 1]) : 10_000;
  if (!Number.isInteger(value) || value < SAMPLED) throw new Error(`--reports must be a whole number of at least ${SAMPLED}, got ${process.argv[at + 1]}`);
  return value;
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** The printed counting cells of each template version a benchmark correction sets, in catalog order. */
function correctableCells(version: string): string[] {
  return INDICATORS.filter(
    (indicator) => !indicator.derived && indicator.cellKind === "COUNT" && (indicator.versions as readonly string[]).includes(version),
  ).map((indicator) => indicator.code);
}

/** Loads the synthetic reports with `loaders` concurrent writers (one on SQLite, whose DataSource has one connection). */
async function load(config: DatabaseConfig, count: number): Promise<DataSource> {
  if (config.kind === "sqlite" && config.sqlitePath && fs.existsSync(config.sqlitePath)) fs.rmSync(config.sqlitePath);
  // Drops and creates the server database again, migrates and seeds it; with 0 reports, so that the load below is ours.
  await prepareSyntheticDatabase(config, 0);
  const dataSource = await openDatabase(config);
  await seedReferenceData(dataSource);
  const folder = writeSyntheticReports(count);
  const files = expandSourcePaths([folder]).files;
  const loaders = config.kind === "sqlite" ? 1 : 4;
  const started = performance.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: loaders }, async () => {
      while (next < files.length) if (!(await ingestFile(dataSource, files[next++], {})).ok) failed += 1;
    }),
  );
  fs.rmSync(folder, { recursive: true });
  console.log(`- ingest: ${files.length} reports in ${seconds(started)} s with ${loaders} loader(s), ${failed} failed`);
  return dataSource;
}

/**
 * Corrects `cells` (offset into each version's correctable cells) of every report, with one writer per share of the
 * agencies (so that writers never wait on one agency's lock), each correction at the report's revision as read.
 */
async function correctAll(dataSource: DataSource, pass: number, offset: number, writers: number): Promise<void> {
  const reports = await dataSource.getRepository(Report).find({ select: { id: true, agencyId: true, templateVersion: true }, order: { id: "ASC" } });
  const cellsOf = new Map<string, string[]>();
  const started = performance.now();
  let conflicts = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (const report of reports.filter((candidate) => candidate.agencyId % writers === writer)) {
        if (!cellsOf.has(report.templateVersion)) cellsOf.set(report.templateVersion, correctableCells(report.templateVersion));
        const cells = cellsOf.get(report.templateVersion)!.slice(offset, offset + 3);
        const corrections = cells.map((cell, index) => ({ cell, value: ((report.id * 7 + index * 3 + pass) % 50) + 1, reason: `benchmark pass ${pass}` }));
        for (;;) {
          const { revision } = await dataSource.getRepository(Report).findOneByOrFail({ id: report.id });
          try {
            await correctCells(dataSource, { reportId: report.id, revision, corrections }, AUTHOR);
            break;
          } catch (error) {
            if (!(error instanceof RevisionConflictError)) throw error;
            conflicts += 1;
          }
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  console.log(
    `- correction ${pass}: ${reports.length} reports × 3 cells in ${elapsed.toFixed(1)} s = ${(reports.length / elapsed).toFixed(0)} corrections/s with ${writers} writer(s), ${conflicts} conflicts retried`,
  );
}

/** Bytes of each table, data and indexes: information_schema on MySQL/MariaDB (after ANALYZE), dbstat on SQLite. */
async function tableBytes(dataSource: DataSource, tables: readonly string[]): Promise<Map<string, number>> {
  const list = tables.map(() => "?").join(", ");
  if (dataSource.options.type === "better-sqlite3") {
    const rows = (await dataSource.query(
      `SELECT m.tbl_name AS name, SUM(s.pgsize) AS bytes FROM dbstat s JOIN sqlite_master m ON m.name = s.name WHERE m.tbl_name IN (${list}) GROUP BY m.tbl_name`,
      [...tables],
    )) as Array<{ name: string; bytes: number }>;
    return new Map(rows.map((row) => [row.name, Number(row.bytes)]));
  }
  await dataSource.query(`ANALYZE TABLE ${tables.join(", ")}`);
  const rows = (await dataSource.query(
    `SELECT TABLE_NAME AS name, DATA_LENGTH + INDEX_LENGTH AS bytes FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${list})`,
    [...tables],
  )) as Array<{ name: string; bytes: number | string }>;
  return new Map(rows.map((row) => [row.name, Number(row.bytes)]));
}

async function rowCount(dataSource: DataSource, table: string): Promise<number> {
  const [row] = (await dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`)) as Array<{ n: number | string }>;
  return Number(row.n);
}

async function storage(dataSource: DataSource, reports: number): Promise<void> {
  const bytes = await tableBytes(dataSource, [...HISTORY_TABLES, ...CURRENT_TABLES]);
  const revisions = await rowCount(dataSource, "report_revision");
  const kib = (value: number) => `${(value / 1024).toFixed(1)} KiB`;
  for (const table of [...HISTORY_TABLES, ...CURRENT_TABLES])
    console.log(`  - ${table}: ${await rowCount(dataSource, table)} rows, ${(bytes.get(table)! / 1024 / 1024).toFixed(1)} MiB`);
  const history = HISTORY_TABLES.reduce((sum, table) => sum + (bytes.get(table) ?? 0), 0);
  const current = CURRENT_TABLES.reduce((sum, table) => sum + (bytes.get(table) ?? 0), 0);
  console.log(`- revisions: ${revisions} (${(revisions / reports).toFixed(2)} per report)`);
  console.log(
    `- history: ${kib(history / reports)} per report, ${kib(history / revisions)} per report per revision; current rows: ${kib(current / reports)} per report; history / current = ${(history / current).toFixed(2)} (${(history / revisions / (current / reports)).toFixed(2)} per revision)`,
  );
}

/** The median of `rounds` timings of `work` in ms, after one unmeasured run. */
async function timed(work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
}

async function reads(dataSource: DataSource, point: HistoryPoint, reports: number): Promise<void> {
  const ids = await dataSource.getRepository(Report).find({ select: { id: true }, order: { id: "ASC" } });
  const random = seededRandom(2026);
  const sampled = new Set<number>();
  while (sampled.size < SAMPLED) sampled.add(ids[Math.floor(random() * ids.length)].id);
  const reportIds = [...sampled];
  const manager = dataSource.manager;
  const current = (reportId: number) =>
    Promise.all([
      manager.find(ReportCell, { where: { reportId }, order: { tableCode: "ASC", rowCode: "ASC", columnCode: "ASC" } }),
      manager.find(ValidationIssue, { where: { reportId }, order: { id: "ASC" } }),
    ]);
  const oneByOne = {
    asOf: await timed(async () => {
      for (const reportId of reportIds) await reportStateAt(manager, reportId, point);
    }),
    current: await timed(async () => {
      for (const reportId of reportIds) await current(reportId);
    }),
  };
  const batch = {
    asOf: await timed(() => partsAt(manager, reportIds, point.revisionId)),
    current: await timed(() =>
      Promise.all([
        manager
          .createQueryBuilder(ReportCell, "c")
          .where("c.report_id IN (:...reportIds)", { reportIds })
          .orderBy("c.report_id")
          .addOrderBy("c.table_code")
          .addOrderBy("c.row_code")
          .addOrderBy("c.column_code")
          .getMany(),
        manager.createQueryBuilder(ValidationIssue, "v").where("v.report_id IN (:...reportIds)", { reportIds }).orderBy("v.id").getMany(),
      ]),
    ),
  };
  console.log(
    `- reads of ${SAMPLED} random reports of ${reports}, as of revision ${point.revisionId} (between the corrections) and current; median of ${ROUNDS}:`,
  );
  console.log(
    `  - one by one (reportStateAt vs report_cell + validation_issue): ${oneByOne.asOf.toFixed(1)} ms vs ${oneByOne.current.toFixed(1)} ms = ${(oneByOne.asOf / oneByOne.current).toFixed(2)}×`,
  );
  console.log(
    `  - one batch (partsAt vs report_cell + validation_issue IN): ${batch.asOf.toFixed(1)} ms vs ${batch.current.toFixed(1)} ms = ${(batch.asOf / batch.current).toFixed(2)}×`,
  );
}

async function main(): Promise<void> {
  const reports = reportsArgument();
  const config = parseDatabaseUrl(DATABASE_URL, "BENCH_DATABASE_URL");
  console.log(`machine: ${os.cpus()[0]?.model ?? "unknown"} × ${os.cpus().length}, node ${process.version}; database ${config.displayUrl}; ${reports} reports`);
  const started = performance.now();
  const dataSource = await load(config, reports);
  try {
    const writers = config.kind === "sqlite" ? 1 : 4;
    await correctAll(dataSource, 1, 0, writers);
    const between = new Date();
    while (Date.now() <= between.getTime()) {
      // The next commit must be stamped after the point: wait for the millisecond to pass.
    }
    await correctAll(dataSource, 2, 2, writers);
    await storage(dataSource, await rowCount(dataSource, "report"));
    const point = (await resolvePoint(dataSource.manager, { asOf: between }))!;
    await reads(dataSource, point, reports);
    console.log(`- total ${seconds(started)} s`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
