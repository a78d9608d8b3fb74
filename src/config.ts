import path from "node:path";

/**
 * The only reader of the environment. `loadConfig` parses and validates every variable once and returns a frozen
 * object; a bad value throws a ConfigError naming the variable and what is wrong with it.
 */

/** Which database driver a URL selects. */
export type DatabaseKind = "sqlite" | "mariadb" | "mysql";

/** Where the data lives. */
export interface DatabaseConfig {
  readonly kind: DatabaseKind;
  /** The URL as given, for messages (its password is masked). */
  readonly displayUrl: string;
  /** The SQLite file path (sqlite only). */
  readonly sqlitePath?: string;
  /** The connection URL (mariadb/mysql only). */
  readonly url?: string;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error", "silent"];

/** Everything the service reads from its environment. */
export interface Config {
  readonly db: DatabaseConfig;
  readonly port: number;
  /** Bearer token for write operations; null disables writes over the API. */
  readonly apiToken: string | null;
  readonly logLevel: LogLevel;
  readonly http: HttpLimits;
}

/** Limits and policies of the HTTP server. */
export interface HttpLimits {
  /** Origins allowed by CORS; ["*"] allows any. */
  readonly corsOrigins: readonly string[];
  /** Anonymous requests per client IP per minute; 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  /** A request still running after this many milliseconds is answered with TIMEOUT. */
  readonly requestTimeoutMs: number;
  /** Responses kept for anonymous reads; 0 turns the cache off. */
  readonly responseCacheEntries: number;
  /** The most the response cache holds, in bytes of serialised answers. */
  readonly responseCacheBytes: number;
  /** Answers larger than this (bytes) are never cached. */
  readonly responseCacheMaxEntryBytes: number;
  /** The longest one analytics statement may run (ms); 0 for no limit (MariaDB/MySQL stop it themselves). */
  readonly analyticsStatementTimeoutMs: number;
  /** On SIGTERM, requests still running this long after it are cut (ms). */
  readonly shutdownDeadlineMs: number;
}

/** The defaults, also used by tests that start a server. */
export const DEFAULT_HTTP_LIMITS: HttpLimits = Object.freeze({
  corsOrigins: ["*"],
  rateLimitPerMinute: 600,
  requestTimeoutMs: 15_000,
  responseCacheEntries: 5_000,
  responseCacheBytes: 64 * 1024 * 1024,
  responseCacheMaxEntryBytes: 512 * 1024,
  analyticsStatementTimeoutMs: 10_000,
  shutdownDeadlineMs: 10_000,
});

const MEBIBYTE = 1024 * 1024;
const KIBIBYTE = 1024;

/** A configuration value that cannot be used. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
  }
}

/** The embedded default database, relative to the working directory. */
export const DEFAULT_SQLITE_PATH = path.join("data", "gongkai.sqlite");

/** Parses a database URL: `sqlite:PATH` (or `file:PATH`), `mysql://…` or `mariadb://…`. */
export function parseDatabaseUrl(raw: string | undefined, variable = "DATABASE_URL"): DatabaseConfig {
  const value = raw?.trim();
  if (!value) return { kind: "sqlite", sqlitePath: DEFAULT_SQLITE_PATH, displayUrl: `sqlite:${DEFAULT_SQLITE_PATH}` };
  const sqlite = /^(?:sqlite|file):(?:\/\/)?(.+)$/.exec(value);
  if (sqlite) return { kind: "sqlite", sqlitePath: sqlite[1], displayUrl: value };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, `"${value}" is not a URL; use sqlite:PATH, mysql://USER@HOST:PORT/DB or mariadb://…`);
  }
  const scheme = url.protocol.replace(/:$/, "");
  if (scheme !== "mysql" && scheme !== "mariadb") {
    throw new ConfigError(variable, `scheme "${scheme}" is not supported; use sqlite:, mysql:// or mariadb://`);
  }
  if (!url.hostname) throw new ConfigError(variable, "the URL names no host");
  if (url.pathname.replace(/^\//, "") === "") throw new ConfigError(variable, "the URL names no database (…/DBNAME)");
  const masked = new URL(value);
  if (masked.password) masked.password = "***";
  return { kind: scheme, url: value, displayUrl: masked.toString() };
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return 4000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError("PORT", `"${raw}" is not a port number (0–65535)`);
  }
  return port;
}

function parseToken(raw: string | undefined): string | null {
  if (raw === undefined || raw === "") return null;
  if (raw.length < 16) throw new ConfigError("GONGKAI_API_TOKEN", "must be at least 16 characters long");
  if (/\s/.test(raw)) throw new ConfigError("GONGKAI_API_TOKEN", "must not contain white space");
  return raw;
}

function parseWholeNumber(variable: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new ConfigError(variable, `"${raw}" is not a whole number from 0 to ${max}`);
  return value;
}

function parseOrigins(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === "") return [...DEFAULT_HTTP_LIMITS.corsOrigins];
  const origins = raw
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin !== "*" && !/^https?:\/\/[^/\s]+$/.test(origin))
      throw new ConfigError("CORS_ORIGINS", `"${origin}" is not an origin such as https://example.org (or *)`);
  }
  return origins;
}

function parseLogLevel(raw: string | undefined): LogLevel {
  if (raw === undefined || raw === "") return "info";
  const level = raw.toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(level)) {
    throw new ConfigError("LOG_LEVEL", `"${raw}" is not one of ${LOG_LEVELS.join(", ")}`);
  }
  return level;
}

/** Reads the configuration from `env` (the process environment unless given). Throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return Object.freeze({
    db: Object.freeze(parseDatabaseUrl(env.DATABASE_URL)),
    port: parsePort(env.PORT),
    apiToken: parseToken(env.GONGKAI_API_TOKEN),
    logLevel: parseLogLevel(env.LOG_LEVEL),
    http: Object.freeze({
      corsOrigins: parseOrigins(env.CORS_ORIGINS),
      rateLimitPerMinute: parseWholeNumber("RATE_LIMIT_PER_MINUTE", env.RATE_LIMIT_PER_MINUTE, DEFAULT_HTTP_LIMITS.rateLimitPerMinute, 1_000_000),
      requestTimeoutMs: parseWholeNumber("REQUEST_TIMEOUT_MS", env.REQUEST_TIMEOUT_MS, DEFAULT_HTTP_LIMITS.requestTimeoutMs, 600_000),
      responseCacheEntries: parseWholeNumber("RESPONSE_CACHE_ENTRIES", env.RESPONSE_CACHE_ENTRIES, DEFAULT_HTTP_LIMITS.responseCacheEntries, 1_000_000),
      responseCacheBytes: parseWholeNumber("RESPONSE_CACHE_MB", env.RESPONSE_CACHE_MB, DEFAULT_HTTP_LIMITS.responseCacheBytes / MEBIBYTE, 16_384) * MEBIBYTE,
      responseCacheMaxEntryBytes:
        parseWholeNumber("RESPONSE_CACHE_MAX_ENTRY_KB", env.RESPONSE_CACHE_MAX_ENTRY_KB, DEFAULT_HTTP_LIMITS.responseCacheMaxEntryBytes / KIBIBYTE, 1_048_576) *
        KIBIBYTE,
      analyticsStatementTimeoutMs: parseWholeNumber(
        "ANALYTICS_STATEMENT_TIMEOUT_MS",
        env.ANALYTICS_STATEMENT_TIMEOUT_MS,
        DEFAULT_HTTP_LIMITS.analyticsStatementTimeoutMs,
        600_000,
      ),
      shutdownDeadlineMs: parseWholeNumber("SHUTDOWN_DEADLINE_MS", env.SHUTDOWN_DEADLINE_MS, DEFAULT_HTTP_LIMITS.shutdownDeadlineMs, 600_000),
    }),
  });
}

/** The database the test suite runs on besides SQLite, and whether its absence fails the run. */
export interface TestDatabaseConfig {
  readonly external: DatabaseConfig | null;
  readonly required: boolean;
}

/** Reads TEST_DATABASE_URL and REQUIRE_MYSQL for the test suite. */
export function loadTestDatabaseConfig(env: NodeJS.ProcessEnv = process.env): TestDatabaseConfig {
  const raw = env.TEST_DATABASE_URL?.trim();
  const external = raw ? parseDatabaseUrl(raw, "TEST_DATABASE_URL") : null;
  if (external && external.kind === "sqlite") {
    throw new ConfigError("TEST_DATABASE_URL", "must point at MySQL or MariaDB; SQLite always runs");
  }
  return { external, required: env.REQUIRE_MYSQL === "1" };
}
