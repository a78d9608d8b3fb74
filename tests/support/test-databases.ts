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

const SQLITE_MEMORY: DatabaseConfig = { kind: "sqlite", sqlitePath: ":memory:", displayUrl: "sqlite::memory:" };

const sqlite: TestDatabase = {
  name: "sqlite",
  open: (settings) => openDatabase(SQLITE_MEMORY, settings),
  openEmpty: async (settings) => createDataSource(SQLITE_MEMORY, settings).initialize(),
};

function mariadb(server: DatabaseConfig): TestDatabase {
  return {
    name: "mariadb",
    open: async (settings) => {
      const scratch = await createScratchDatabase(server);
      return dropOnDestroy(await openDatabase(scratch.config, settings), scratch.drop);
    },
    openEmpty: async (settings) => {
      const scratch = await createScratchDatabase(server);
      return dropOnDestroy(await createDataSource(scratch.config, settings).initialize(), scratch.drop);
    },
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
