import fs from "node:fs";
import path from "node:path";
import { DataSource, type DataSourceOptions, type Logger } from "typeorm";
import { MIGRATIONS } from "../../migrations";
import type { DatabaseConfig } from "../config";
import { ENTITIES } from "../entities";

/** Options shared by the server, the CLI and the tests. */
export interface DataSourceSettings {
  /** Log every SQL statement (debugging). */
  readonly logging?: boolean;
  /** Called with every SQL statement the DataSource runs (statement-count tests, diagnostics). */
  readonly onQuery?: (sql: string) => void;
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

/** Connects and brings the schema up to date. */
export async function openDatabase(config: DatabaseConfig, settings: DataSourceSettings = {}): Promise<DataSource> {
  const dataSource = createDataSource(config, settings);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: "each" });
  return dataSource;
}
