import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createConnection } from "mysql2/promise";
import { parseDatabaseUrl, type DatabaseConfig } from "../src/config";
import { openDatabase } from "../src/db/data-source";
import { checkRevisions } from "../src/revisions/revision-check";
import { seedReferenceData } from "../src/seed/seed-reference-data";

/**
 * `npm run check:revisions` (CI runs it): the revision round trip of src/revisions/revision-check.ts on a fresh
 * SQLite file and, when TEST_DATABASE_URL names a MySQL/MariaDB server, on a fresh database of its own there
 * (`<database>_check_revisions`, dropped and created again, dropped afterwards): the samples ingested, three flagged
 * cells corrected, everything re-parsed, then the corrections, R1–R5, the histories, a read as of a moment before
 * the corrections and the cells export under a release made then checked. Prints each step with PASS or FAIL;
 * exits 1 on a failure.
 */

/** Runs one statement on the server of `url` over a short-lived admin connection. */
async function onServer(url: URL, sql: string): Promise<void> {
  const admin = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || "root"),
    password: decodeURIComponent(url.password),
  });
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A fresh database of the check's own: a new SQLite file, or a database created again on the server. */
async function freshDatabase(target: string | null): Promise<{ config: DatabaseConfig; drop: () => Promise<void> }> {
  if (target === null) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-check-revisions-"));
    return { config: parseDatabaseUrl(`sqlite:${path.join(folder, "check.sqlite")}`), drop: async () => fs.rmSync(folder, { recursive: true, force: true }) };
  }
  const server = new URL(parseDatabaseUrl(target, "TEST_DATABASE_URL").url!);
  const name = `${decodeURIComponent(server.pathname.slice(1))}_check_revisions`.slice(0, 64);
  await onServer(server, `DROP DATABASE IF EXISTS \`${name}\``);
  await onServer(server, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { config: parseDatabaseUrl(url.toString(), "TEST_DATABASE_URL"), drop: () => onServer(server, `DROP DATABASE IF EXISTS \`${name}\``) };
}

/** Runs the check on one fresh database, printing each step; answers how many steps failed. */
async function checkOn(label: string, target: string | null): Promise<number> {
  const { config, drop } = await freshDatabase(target);
  const dataSource = await openDatabase(config);
  try {
    await seedReferenceData(dataSource);
    const steps = await checkRevisions(dataSource, (step) => console.log(`${step.passed ? "PASS" : "FAIL"} ${label}: ${step.name} (${step.detail})`));
    return steps.filter((step) => !step.passed).length;
  } finally {
    await dataSource.destroy();
    await drop();
  }
}

async function main(): Promise<void> {
  const server = process.env.TEST_DATABASE_URL?.trim() || null;
  let failed = await checkOn("sqlite", null);
  if (server && !server.startsWith("sqlite:") && !server.startsWith("file:"))
    failed += await checkOn(parseDatabaseUrl(server, "TEST_DATABASE_URL").kind, server);
  else console.log("SKIP mariadb: set TEST_DATABASE_URL=mariadb://… to run the check on MySQL/MariaDB too");
  console.log(`revisions check ${failed === 0 ? "passed" : `FAILED (${failed} steps)`}`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
