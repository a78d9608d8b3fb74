import fs from "node:fs";
import path from "node:path";
import { TOKEN_ROLES, type ApiToken, type TokenRole } from "./graph/core/auth";

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
  /** The named tokens that may write over the API, as hashes with their roles; none disables writes. */
  readonly tokens: readonly ApiToken[];
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

/** What a token's name may be: 1–64 letters, digits and `._@-`. */
export const TOKEN_NAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

const TOKEN_FIELDS = ["name", "role", "sha256"];

/** Describes a value for a message without repeating it: a tokens file must not echo what might be a secret. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `a string of ${value.length} characters`;
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** A string of at most `max` characters (a name, a role) quoted for a message; anything else only described. */
function quoteShort(value: unknown, max: number): string {
  return typeof value === "string" && value.length <= max ? JSON.stringify(value) : describe(value);
}

/**
 * Checks the JSON of a tokens list (`[{"name", "role", "sha256"}, …]`) read from `variable`: names of 1–64
 * `[A-Za-z0-9._@-]`, unique; role EDITOR or ADMIN; sha256 64 lowercase hex digits, unique. A problem is a
 * ConfigError naming the variable and the entry (`$[1].role`); no message repeats a hash or the file's text.
 */
export function parseTokens(json: string, variable: string, source?: string): ApiToken[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    // JSON.parse's message quotes the text, which may hold a secret: say only that it is not JSON.
    throw new ConfigError(variable, `${source ? `${source} is` : "is"} not valid JSON; write an array of entries [{"name": …, "role": …, "sha256": …}]`);
  }
  if (!Array.isArray(parsed)) throw new ConfigError(variable, `$: must be an array of entries [{"name": …, "role": …, "sha256": …}], got ${describe(parsed)}`);
  const names = new Map<string, number>();
  const hashes = new Map<string, number>();
  return parsed.map((entry: unknown, index): ApiToken => {
    const at = (field?: string) => `$[${index}]${field ? `.${field}` : ""}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry))
      throw new ConfigError(variable, `${at()}: must be an object {"name": …, "role": …, "sha256": …}, got ${describe(entry)}`);
    const fields = entry as Record<string, unknown>;
    const { name, role, sha256 } = fields;
    const known = typeof name === "string" && TOKEN_NAME_PATTERN.test(name) ? ` (token "${name}")` : "";
    const problem = (field: string, text: string) => new ConfigError(variable, `${at(field)}${known}: ${text}`);
    for (const field of Object.keys(fields)) {
      if (!TOKEN_FIELDS.includes(field))
        throw problem(field, "is not a field of an entry (name, role, sha256); the file holds a token's hash, never the token");
    }
    if (name === undefined) throw problem("name", "is missing");
    if (typeof name !== "string" || !TOKEN_NAME_PATTERN.test(name))
      throw problem("name", `must be 1–64 characters of A–Z, a–z, 0–9 and . _ @ -, got ${quoteShort(name, 64)}`);
    if (names.has(name)) throw problem("name", `is also the name of $[${names.get(name)}]; names must be unique`);
    names.set(name, index);
    if (role === undefined) throw problem("role", "is missing");
    if (typeof role !== "string" || !TOKEN_ROLES.includes(role as TokenRole))
      throw problem("role", `must be ${TOKEN_ROLES.join(" or ")}, got ${quoteShort(role, 16)}`);
    if (sha256 === undefined) throw problem("sha256", "is missing");
    if (typeof sha256 !== "string" || !/^[0-9a-f]{64}$/.test(sha256))
      throw problem("sha256", `must be 64 lowercase hex digits (the token's SHA-256, as \`gongkai token create\` prints it), got ${describe(sha256)}`);
    if (hashes.has(sha256)) throw problem("sha256", `is also the hash of $[${hashes.get(sha256)}]; each name needs its own token`);
    hashes.set(sha256, index);
    return Object.freeze({ name, role: role as TokenRole, sha256 });
  });
}

/** The API tokens from GONGKAI_TOKENS_FILE (a path) or GONGKAI_TOKENS (the JSON itself); none when neither is set. */
function loadTokens(env: NodeJS.ProcessEnv): readonly ApiToken[] {
  if (env.GONGKAI_API_TOKEN !== undefined && env.GONGKAI_API_TOKEN !== "") {
    throw new ConfigError(
      "GONGKAI_API_TOKEN",
      "is no longer read: writes need named tokens with roles. Run `gongkai token create NAME --role ADMIN`, add the entry it prints to a JSON file " +
        "named by GONGKAI_TOKENS_FILE (or put the array in GONGKAI_TOKENS), send the token it prints as Authorization: Bearer TOKEN, and unset GONGKAI_API_TOKEN",
    );
  }
  const file = env.GONGKAI_TOKENS_FILE?.trim() || undefined;
  const inline = env.GONGKAI_TOKENS?.trim() || undefined;
  if (file !== undefined && inline !== undefined) throw new ConfigError("GONGKAI_TOKENS", "set GONGKAI_TOKENS_FILE or GONGKAI_TOKENS, not both");
  if (inline !== undefined) return Object.freeze(parseTokens(inline, "GONGKAI_TOKENS"));
  if (file === undefined) return Object.freeze([]);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError("GONGKAI_TOKENS_FILE", `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return Object.freeze(parseTokens(text, "GONGKAI_TOKENS_FILE", file));
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
    tokens: loadTokens(env),
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
