import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { DataSource, MigrationExecutor, QueryFailedError, type DataSourceOptions, type Logger } from "typeorm";
import { MIGRATIONS } from "../../migrations";
import type { DatabaseConfig } from "../config";
import { ENTITIES } from "../entities";

/** Options shared by the server, the CLI and the tests. */
export interface DataSourceSettings {
  /** Log every SQL statement (debugging). */
  readonly logging?: boolean;
  /** Called with every SQL statement the DataSource runs (statement-count tests, diagnostics). */
  readonly onQuery?: (sql: string) => void;
  /** How long to wait for another process's migrations or seed before giving up (default 120 s). */
  readonly migrationLockTimeoutSeconds?: number;
}

function mysqlOptions(config: DatabaseConfig): DataSourceOptions {
  const url = new URL(config.url ?? "");
  return {
    type: config.kind === "mysql" ? "mysql" : "mariadb",
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    username: decodeURIComponent(url.username || "root"),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, "")),
    charset: "utf8mb4_unicode_ci",
    timezone: "Z",
    connectTimeout: 5000,
    poolSize: 10,
  };
}

function sqliteOptions(config: DatabaseConfig): DataSourceOptions {
  const file = config.sqlitePath ?? ":memory:";
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return {
    type: "better-sqlite3",
    database: file,
    enableWAL: file !== ":memory:",
    prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
      db.pragma("foreign_keys = ON");
    },
  };
}

/**
 * Builds (does not connect) the one DataSource of the project for a database: better-sqlite3 for `sqlite:`,
 * mysql2 as `mariadb` or `mysql` for the others. Migrations are registered but never run implicitly.
 */
export function createDataSource(config: DatabaseConfig, settings: DataSourceSettings = {}): DataSource {
  const base = config.kind === "sqlite" ? sqliteOptions(config) : mysqlOptions(config);
  return new DataSource({
    ...base,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: "schema_migration",
    synchronize: false,
    migrationsRun: false,
    logger: new StatementLogger(settings),
  } as DataSourceOptions);
}

/** TypeORM's logger, reduced to what the project needs: statements to an observer, errors to stderr. */
class StatementLogger implements Logger {
  constructor(private readonly settings: DataSourceSettings) {}

  logQuery(query: string): void {
    this.settings.onQuery?.(query);
    if (this.settings.logging) process.stderr.write(`sql: ${query}\n`);
  }

  logQueryError(error: string | Error, query: string): void {
    if (this.settings.logging) process.stderr.write(`sql error: ${String(error)} in ${query}\n`);
  }

  logQuerySlow(): void {}

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    if (this.settings.logging) process.stderr.write(`migration: ${message}\n`);
  }

  log(): void {}
}

/** How long a starter waits, by default, for another one to finish migrating or seeding the same database. */
export const MIGRATION_LOCK_TIMEOUT_SECONDS = 120;

/** The migration lock was not obtained in time: another process is still migrating or seeding the database. */
export class MigrationLockError extends Error {
  readonly code = "MIGRATION_LOCK_TIMEOUT";

  constructor(message: string) {
    super(message);
    this.name = "MigrationLockError";
  }
}

/** A migration failed: names the migration, the statement that failed and the database's error. */
export class MigrationError extends Error {
  readonly code = "MIGRATION_FAILED";

  constructor(
    readonly migration: string,
    readonly statement: string | null,
    readonly reason: string,
  ) {
    super(`migration ${migration} failed: ${reason}${statement ? `; statement: ${statement.replace(/\s+/g, " ").slice(0, 1000)}` : ""}`);
    this.name = "MigrationError";
  }
}

/** The advisory lock's name on a MySQL/MariaDB server: one per database, within the server's 64 characters. */
function mysqlLockName(database: string): string {
  const name = `gongkai_migrations.${database}`;
  return name.length <= 64 ? name : `gongkai_migrations.${createHash("sha256").update(database).digest("hex").slice(0, 40)}`;
}

/** Holds GET_LOCK on a connection of its own while `work` runs; RELEASE_LOCK afterwards, whatever happened. */
async function withMysqlLock<T>(dataSource: DataSource, timeoutSeconds: number, work: () => Promise<T>): Promise<T> {
  const database = String(dataSource.options.database);
  const name = mysqlLockName(database);
  const runner = dataSource.createQueryRunner();
  try {
    const [row] = (await runner.query("SELECT GET_LOCK(?, ?) AS obtained", [name, timeoutSeconds])) as Array<{ obtained: number | string | null }>;
    // 0 is a timeout; NULL an error on the server (the wait was killed).
    if (Number(row?.obtained) !== 1) {
      throw new MigrationLockError(
        `database ${database}: the migration lock "${name}" was not obtained within ${timeoutSeconds} s; another process is still migrating or loading reference data (or holds the lock and hangs)`,
      );
    }
    try {
      return await work();
    } finally {
      await runner.query("SELECT RELEASE_LOCK(?)", [name]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Holds an exclusive SQLite lock on `FILE.migrate-lock` beside the database while `work` runs. The lock file is a
 * SQLite database of its own locked with BEGIN EXCLUSIVE: the operating system drops the lock when its holder
 * exits, even by SIGKILL, so a dead starter never leaves a stale lock. Waiting polls without a busy handler, which
 * would block the event loop (and with it a holder in the same process).
 */
async function withSqliteLock<T>(file: string, timeoutSeconds: number, work: () => Promise<T>): Promise<T> {
  const lockFile = `${path.resolve(file)}.migrate-lock`;
  const lock = new Sqlite(lockFile, { timeout: 0 });
  try {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      try {
        lock.exec("BEGIN EXCLUSIVE");
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
        if (Date.now() >= deadline)
          throw new MigrationLockError(
            `database ${file}: the migration lock ${lockFile} was not obtained within ${timeoutSeconds} s; another process is still migrating or loading reference data`,
          );
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    try {
      return await work();
    } finally {
      lock.exec("ROLLBACK");
    }
  } finally {
    lock.close();
  }
}

/**
 * Runs `work` (migrations, the reference-data seed) while holding the database's migration lock, so that
 * processes starting together on one database take turns: the first migrates, the others wait and then find
 * nothing left to do. MySQL/MariaDB: GET_LOCK on a dedicated connection; a SQLite file: an exclusive lock on a
 * lock file beside it; an in-memory SQLite database has one connection and needs none. Throws
 * MigrationLockError when the lock is not obtained within the timeout.
 */
export async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>, timeoutSeconds = MIGRATION_LOCK_TIMEOUT_SECONDS): Promise<T> {
  if (dataSource.options.type !== "better-sqlite3") return withMysqlLock(dataSource, timeoutSeconds, work);
  const file = String(dataSource.options.database);
  return file === ":memory:" ? work() : withSqliteLock(file, timeoutSeconds, work);
}

/** Turns a migration's failure into a MigrationError naming the migration that failed and its statement. */
async function migrationFailure(dataSource: DataSource, error: unknown): Promise<MigrationError> {
  // Under the lock nobody else migrates: the first migration still pending is the one that failed.
  const pending = await new MigrationExecutor(dataSource).getPendingMigrations().catch(() => []);
  const statement = error instanceof QueryFailedError ? String(error.query) : null;
  // TypeORM creates its bookkeeping table before the first migration: a failure there is no migration's.
  const bookkeeping = statement !== null && /^\s*CREATE TABLE [`"]?schema_migration\b/i.test(statement);
  const migration = bookkeeping ? "(the schema_migration table)" : (pending[0]?.name ?? "(unknown)");
  return new MigrationError(migration, statement, error instanceof Error ? error.message : String(error));
}

/**
 * Applies the pending migrations under the migration lock, each in its own transaction, and returns the names of
 * those it applied (none when another process got there first). Throws MigrationError naming the migration, the
 * statement and the error. (MySQL commits DDL implicitly, so a migration that fails half-way there keeps the
 * tables it had created; the error says which migration to look at.)
 */
export async function migrateDatabase(dataSource: DataSource, timeoutSeconds = MIGRATION_LOCK_TIMEOUT_SECONDS): Promise<string[]> {
  return withMigrationLock(
    dataSource,
    async () => {
      try {
        return (await dataSource.runMigrations({ transaction: "each" })).map((migration) => migration.name);
      } catch (error) {
        throw await migrationFailure(dataSource, error);
      }
    },
    timeoutSeconds,
  );
}

/**
 * Connects and brings the schema up to date under the migration lock. When migrating fails the connections are
 * closed before the error is thrown, so that a failed start-up exits instead of hanging on an open pool.
 */
export async function openDatabase(config: DatabaseConfig, settings: DataSourceSettings = {}): Promise<DataSource> {
  const dataSource = createDataSource(config, settings);
  await dataSource.initialize();
  try {
    await migrateDatabase(dataSource, settings.migrationLockTimeoutSeconds);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}
