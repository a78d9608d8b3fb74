import path from "node:path";
import type { DataSource } from "typeorm";
import type { DatabaseConfig } from "../src/config";
import { migrateDatabase, MigrationError, MigrationLockError, openDatabase, withMigrationLock } from "../src/db/data-source";
import { seedReferenceData } from "../src/seed/seed-reference-data";
import { testDatabases } from "./support/test-databases";

const MIGRATION_NAMES = [
  "CreateRegion1732000000001",
  "CreateAgency1732000000002",
  "CreateReport1732000000003",
  "CreateIndicator1732000000004",
  "CreateSourceDocument1732000000005",
  "AddCellProvenance1732000000006",
  "AddReportScopeEvidence1732000000007",
  "AddReportNarrative1732000000008",
  "AddCellCandidates1732000000009",
  "AddRevisions1732000000010",
  "AddReportCopies1732000000011",
];

/** The config that opens the database behind a DataSource again (as another process would). */
function configOf(dataSource: DataSource): DatabaseConfig {
  const options = dataSource.options as { type: string; database: string; host?: string; port?: number; username?: string; password?: string };
  if (options.type === "better-sqlite3") return { kind: "sqlite", sqlitePath: options.database, displayUrl: `sqlite:${options.database}` };
  const url = `mariadb://${encodeURIComponent(options.username ?? "root")}:${encodeURIComponent(options.password ?? "")}@${options.host}:${options.port}/${options.database}`;
  return { kind: "mariadb", url, displayUrl: url };
}

/** Connections the server has open to this DataSource's database (MySQL/MariaDB). */
async function serverConnections(dataSource: DataSource): Promise<number> {
  const rows = (await dataSource.query("SELECT COUNT(*) AS open FROM information_schema.PROCESSLIST WHERE DB = DATABASE()")) as Array<{
    open: number | string;
  }>;
  return Number(rows[0].open);
}

const TABLES = [
  "agency",
  "agency_alias",
  "indicator",
  "region",
  "report",
  "report_cell",
  "report_section",
  "source_chunk",
  "source_document",
  "validation_issue",
];

describe.each(testDatabases())("migrations on $name", (database) => {
  it("create every table, and the schema builder finds nothing left to change", async () => {
    const dataSource = await database.open();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
      const runner = dataSource.createQueryRunner();
      const tables = (await runner.getTables(TABLES)).map((table) => table.name.split(".").pop()).sort();
      await runner.release();
      expect(tables).toEqual(TABLES);
    } finally {
      await dataSource.destroy();
    }
  });

  it("revert cleanly with down() and apply again", async () => {
    const dataSource = await database.open();
    try {
      for (let step = 0; step < dataSource.migrations.length; step += 1) {
        await dataSource.undoLastMigration({ transaction: "each" });
      }
      const runner = dataSource.createQueryRunner();
      const left = await Promise.all(TABLES.map((table) => runner.hasTable(table)));
      expect(left).toEqual(TABLES.map(() => false));
      await runner.release();
      const applied = await dataSource.runMigrations({ transaction: "each" });
      expect(applied.map((migration) => migration.name)).toEqual(MIGRATION_NAMES);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
  it("two starters migrating and seeding the same fresh database at once take turns: one row per migration, the reference data once", async () => {
    const first = await database.openEmpty();
    const second = await database.reopen(first);
    try {
      const applied = await Promise.all([migrateDatabase(first), migrateDatabase(second)]);
      expect(applied.map((names) => names.length).sort()).toEqual([0, MIGRATION_NAMES.length]);
      const rows = (await first.query("SELECT name FROM schema_migration ORDER BY id")) as Array<{ name: string }>;
      expect(rows.map((row) => row.name)).toEqual(MIGRATION_NAMES);
      const seeded = await Promise.all([seedReferenceData(first), seedReferenceData(second)]);
      expect(seeded.map((summary) => [summary.regionsInserted, summary.indicatorsInserted]).sort()).toEqual([
        [0, 0],
        [3348, 290],
      ]);
      const counts = (await first.query("SELECT (SELECT COUNT(*) FROM region) AS regions, (SELECT COUNT(*) FROM indicator) AS indicators")) as Array<
        Record<string, number | string>
      >;
      expect([Number(counts[0].regions), Number(counts[0].indicators)]).toEqual([3348, 290]);
    } finally {
      await second.destroy();
      await first.destroy();
    }
  });

  it("a migration that fails rejects naming the migration, its statement and the error, and leaves no connection open", async () => {
    const dataSource = await database.openEmpty();
    try {
      // A view where the first migration's table belongs: SQLite refuses CREATE TABLE region; MariaDB counts the
      // view as the table, skips it, and refuses the foreign key to it in the next migration.
      await dataSource.query("CREATE VIEW region AS SELECT 1 AS x");
      const expected =
        database.name === "sqlite"
          ? { migration: "CreateRegion1732000000001", reason: 'SqliteError: view "region" already exists', statement: /^CREATE TABLE "region" \(/ }
          : {
              migration: "CreateAgency1732000000002",
              reason: expect.stringContaining("Foreign key constraint is incorrectly formed"),
              statement: /^CREATE TABLE `agency` \(/,
            };
      const before = database.name === "sqlite" ? 0 : await serverConnections(dataSource);
      const failure = await openDatabase(configOf(dataSource)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MigrationError);
      const { migration, reason, statement, message } = failure as MigrationError;
      expect({ migration, reason }).toEqual({ migration: expected.migration, reason: expected.reason });
      expect(statement).toMatch(expected.statement);
      expect(message.startsWith(`migration ${expected.migration} failed: `)).toBe(true);
      expect(message).toContain("; statement: CREATE TABLE");
      if (database.name !== "sqlite") {
        // The failed open closed its pool: the server's count of connections to the database comes back down.
        for (let open = await serverConnections(dataSource); open > before; open = await serverConnections(dataSource)) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect((await dataSource.query("SELECT COUNT(*) AS applied FROM schema_migration"))[0].applied.toString()).toBe(database.name === "sqlite" ? "0" : "1");
    } finally {
      await dataSource.destroy();
    }
  });

  it("a starter that does not get the migration lock in time gives up with an error naming the lock, and migrates once it is free", async () => {
    const holder = await database.openEmpty();
    const waiter = await database.reopen(holder);
    try {
      let release = () => {};
      let held = () => {};
      const holding = new Promise<void>((resolve) => (held = resolve));
      const holderDone = withMigrationLock(holder, () => {
        held();
        return new Promise<void>((resolve) => (release = resolve));
      });
      await holding;
      const failure = await migrateDatabase(waiter, 1).catch((error: unknown) => error);
      const file = String(holder.options.database);
      expect(failure).toBeInstanceOf(MigrationLockError);
      expect((failure as Error).message).toBe(
        database.name === "sqlite"
          ? `database ${file}: the migration lock ${path.resolve(file)}.migrate-lock was not obtained within 1 s; another process is still migrating or loading reference data`
          : `database ${file}: the migration lock "gongkai_migrations.${file}" was not obtained within 1 s; another process is still migrating or loading reference data (or holds the lock and hangs)`,
      );
      release();
      await holderDone;
      expect(await migrateDatabase(waiter, 1)).toEqual(MIGRATION_NAMES);
    } finally {
      await waiter.destroy();
      await holder.destroy();
    }
  });
});
