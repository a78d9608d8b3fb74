import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseDatabaseUrl } from "../src/config";
import { openDatabase } from "../src/db/data-source";
import { ingestFiles } from "../src/ingest/ingest-files";
import { expandSourcePaths } from "../src/ingest/source-files";
import { seedReferenceData } from "../src/seed/seed-reference-data";
import { writeSyntheticReports } from "./synthetic-files";

/**
 * `npm run bench:ingest`: writes BENCH_REPORTS synthetic reports (default 2,000) and ingests them one transaction
 * each into BENCH_DATABASE_URL (default: MariaDB at 127.0.0.1, database gongkai_bench, emptied first), then again
 * (all unchanged). Prints reports per second for both passes. Asserts nothing.
 */
async function main(): Promise<void> {
  const count = Number(process.env.BENCH_REPORTS ?? 2000);
  const config = parseDatabaseUrl(process.env.BENCH_DATABASE_URL ?? "mariadb://root@127.0.0.1:3306/gongkai_bench", "BENCH_DATABASE_URL");
  if (config.kind !== "sqlite") {
    const { createConnection } = await import("mysql2/promise");
    const url = new URL(config.url!);
    const admin = await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: url.username || "root",
      password: decodeURIComponent(url.password),
    });
    const name = url.pathname.slice(1);
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
  } else if (config.sqlitePath && fs.existsSync(config.sqlitePath)) fs.rmSync(config.sqlitePath);
  const folder = writeSyntheticReports(count);
  const files = expandSourcePaths([folder]).files;
  const dataSource = await openDatabase(config);
  await seedReferenceData(dataSource);
  console.log(`machine: ${os.cpus()[0]?.model ?? "unknown"} × ${os.cpus().length}, node ${process.version}`);
  console.log(`database: ${config.displayUrl}; ${files.length} synthetic reports in ${folder}`);
  for (const pass of ["first load", "second load (unchanged)"]) {
    const started = performance.now();
    const summary = await ingestFiles(dataSource, files, {});
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${pass}: ${summary.ingested} ingested, ${summary.unchanged} unchanged, ${summary.failed} failed in ${seconds.toFixed(1)} s = ${(files.length / seconds).toFixed(0)} reports/s`,
    );
    for (const failure of summary.failures.slice(0, 5)) console.log(`  failed: ${path.basename(failure.file)}: ${failure.reason}`);
  }
  await dataSource.destroy();
  fs.rmSync(folder, { recursive: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
