import { ConfigError, loadConfig, loadTestDatabaseConfig, parseDatabaseUrl } from "../src/config";

describe("loadConfig", () => {
  it("defaults to an SQLite file under data/, port 4000, no token, info logs", () => {
    expect(loadConfig({})).toEqual({
      db: { kind: "sqlite", sqlitePath: "data/gongkai.sqlite", displayUrl: "sqlite:data/gongkai.sqlite" },
      port: 4000,
      apiToken: null,
      logLevel: "info",
      http: {
        corsOrigins: ["*"],
        rateLimitPerMinute: 600,
        requestTimeoutMs: 15000,
        responseCacheEntries: 5000,
        responseCacheBytes: 67108864,
        responseCacheMaxEntryBytes: 524288,
        analyticsStatementTimeoutMs: 10000,
        shutdownDeadlineMs: 10000,
      },
    });
  });

  it("reads the cache budget in MiB and KiB and the time limits in milliseconds", () => {
    const { http } = loadConfig({
      RESPONSE_CACHE_MB: "8",
      RESPONSE_CACHE_MAX_ENTRY_KB: "64",
      ANALYTICS_STATEMENT_TIMEOUT_MS: "2500",
      SHUTDOWN_DEADLINE_MS: "0",
    });
    expect([http.responseCacheBytes, http.responseCacheMaxEntryBytes, http.analyticsStatementTimeoutMs, http.shutdownDeadlineMs]).toEqual([
      8388608, 65536, 2500, 0,
    ]);
    expect(() => loadConfig({ RESPONSE_CACHE_MB: "-1" })).toThrow('RESPONSE_CACHE_MB: "-1" is not a whole number from 0 to 16384');
  });

  it("reads a MariaDB URL and masks its password for display", () => {
    expect(parseDatabaseUrl("mariadb://gk:s3cret@db.internal:3307/gongkai")).toEqual({
      kind: "mariadb",
      url: "mariadb://gk:s3cret@db.internal:3307/gongkai",
      displayUrl: "mariadb://gk:***@db.internal:3307/gongkai",
    });
    expect(parseDatabaseUrl("mysql://root@127.0.0.1/test").kind).toBe("mysql");
    expect(parseDatabaseUrl("sqlite:/tmp/x.sqlite").sqlitePath).toBe("/tmp/x.sqlite");
  });

  it.each([
    [{ DATABASE_URL: "postgres://x/y" }, 'DATABASE_URL: scheme "postgres" is not supported; use sqlite:, mysql:// or mariadb://'],
    [{ DATABASE_URL: "mysql://127.0.0.1" }, "DATABASE_URL: the URL names no database (…/DBNAME)"],
    [{ DATABASE_URL: "not a url" }, 'DATABASE_URL: "not a url" is not a URL; use sqlite:PATH, mysql://USER@HOST:PORT/DB or mariadb://…'],
    [{ PORT: "http" }, 'PORT: "http" is not a port number (0–65535)'],
    [{ PORT: "70000" }, 'PORT: "70000" is not a port number (0–65535)'],
    [{ GONGKAI_API_TOKEN: "short" }, "GONGKAI_API_TOKEN: must be at least 16 characters long"],
    [{ LOG_LEVEL: "loud" }, 'LOG_LEVEL: "loud" is not one of debug, info, warn, error, silent'],
    [{ RATE_LIMIT_PER_MINUTE: "-1" }, 'RATE_LIMIT_PER_MINUTE: "-1" is not a whole number from 0 to 1000000'],
    [{ CORS_ORIGINS: "example.org" }, 'CORS_ORIGINS: "example.org" is not an origin such as https://example.org (or *)'],
  ])("refuses %j with a message naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("returns a frozen object", () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it("refuses an SQLite TEST_DATABASE_URL", () => {
    expect(() => loadTestDatabaseConfig({ TEST_DATABASE_URL: "sqlite:x" })).toThrow("TEST_DATABASE_URL: must point at MySQL or MariaDB; SQLite always runs");
  });
});
