import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createConnection } from "mysql2/promise";
import type { DataSource } from "typeorm";
import { loadTestDatabaseConfig, type DatabaseConfig } from "../../src/config";
import { createDataSource, openDatabase, type DataSourceSettings } from "../../src/db/data-source";

/** A database kind the suite runs against. */
export interface TestDatabase {
  readonly name: "sqlite" | "mariadb";
  /** A fresh, empty, migrated database of this kind. */
  open(settings?: DataSourceSettings): Promise<DataSource>;
  /** A fresh, empty database with no migrations run. */
  openEmpty(settings?: DataSourceSettings): Promise<DataSource>;
  /** Another connection to the database behind `dataSource` (as another process would have), with `onQuery`. */
  reopen(dataSource: DataSource, onQuery?: (sql: string) => void): Promise<DataSource>;
}

/** The config each open database was made with, so that it can be opened again. */
const configs = new WeakMap<DataSource, DatabaseConfig>();

async function remember(dataSource: DataSource, config: DatabaseConfig): Promise<DataSource> {
  configs.set(dataSource, config);
  return dataSource;
}

async function reopen(dataSource: DataSource, onQuery?: (sql: string) => void): Promise<DataSource> {
  const config = configs.get(dataSource);
  if (!config) throw new Error("reopen: this DataSource was not opened by the test databases");
  return createDataSource(config, { onQuery }).initialize();
}

let databaseCounter = 0;

/** Runs one statement on the server over a short-lived admin connection. */
async function runOnServer(server: URL, sql: string): Promise<void> {
  const admin = await createConnection({
    host: server.hostname,
    port: server.port ? Number(server.port) : 3306,
    user: decodeURIComponent(server.username || "root"),
    password: decodeURIComponent(server.password),
  });
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Creates a throw-away database on the MySQL/MariaDB server and returns its config and how to drop it. */
async function createScratchDatabase(server: DatabaseConfig): Promise<{ config: DatabaseConfig; drop: () => Promise<void> }> {
  const url = new URL(server.url ?? "");
  databaseCounter += 1;
  const name = `gongkai_test_${process.pid}_${databaseCounter}`;
  await runOnServer(url, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const scratchUrl = new URL(url);
  scratchUrl.pathname = `/${name}`;
  return {
    config: { kind: server.kind, url: scratchUrl.toString(), displayUrl: scratchUrl.toString() },
    drop: () => runOnServer(url, `DROP DATABASE IF EXISTS \`${name}\``),
  };
}

/** Makes `destroy()` also drop the scratch database. */
function dropOnDestroy(dataSource: DataSource, drop: () => Promise<void>): DataSource {
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    if (dataSource.isInitialized) await destroy();
    await drop();
  };
  return dataSource;
}

/** A new SQLite file in a temporary folder: files, unlike :memory:, can be opened by a second connection. */
function sqliteFile(): DatabaseConfig {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-test-")), "test.sqlite");
  return { kind: "sqlite", sqlitePath: file, displayUrl: `sqlite:${file}` };
}

const sqlite: TestDatabase = {
  name: "sqlite",
  open: async (settings) => {
    const config = sqliteFile();
    return remember(await openDatabase(config, settings), config);
  },
  openEmpty: async (settings) => {
    const config = sqliteFile();
    return remember(await createDataSource(config, settings).initialize(), config);
  },
  reopen,
};

function mariadb(server: DatabaseConfig): TestDatabase {
  return {
    name: "mariadb",
    open: async (settings) => {
      const scratch = await createScratchDatabase(server);
      return remember(dropOnDestroy(await openDatabase(scratch.config, settings), scratch.drop), scratch.config);
    },
    openEmpty: async (settings) => {
      const scratch = await createScratchDatabase(server);
      return remember(dropOnDestroy(await createDataSource(scratch.config, settings).initialize(), scratch.drop), scratch.config);
    },
    reopen,
  };
}

/**
 * The databases every database test runs on: SQLite always, and MySQL/MariaDB when TEST_DATABASE_URL names one
 * (the global setup has already checked that it answers, or failed the run when REQUIRE_MYSQL=1).
 */
export function testDatabases(): TestDatabase[] {
  const { external } = loadTestDatabaseConfig();
  const skipped = process.env.GONGKAI_TEST_MYSQL_UNREACHABLE === "1";
  return external && !skipped ? [sqlite, mariadb(external)] : [sqlite];
}
