import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, loadConfig, loadTestDatabaseConfig, parseDatabaseUrl } from "../src/config";
import { hashToken } from "../src/graph/core/auth";

describe("loadConfig", () => {
  it("defaults to an SQLite file under data/, port 4000, no token, info logs", () => {
    expect(loadConfig({})).toEqual({
      db: { kind: "sqlite", sqlitePath: "data/gongkai.sqlite", displayUrl: "sqlite:data/gongkai.sqlite" },
      port: 4000,
      tokens: [],
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
    [{ LOG_LEVEL: "loud" }, 'LOG_LEVEL: "loud" is not one of debug, info, warn, error, silent'],
    [{ RATE_LIMIT_PER_MINUTE: "-1" }, 'RATE_LIMIT_PER_MINUTE: "-1" is not a whole number from 0 to 1000000'],
    [{ CORS_ORIGINS: "example.org" }, 'CORS_ORIGINS: "example.org" is not an origin such as https://example.org (or *)'],
  ])("refuses %j with a message naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("returns a frozen object", () => {
    expect(Object.isFrozen(loadConfig({ GONGKAI_TOKENS: JSON.stringify([ADMIN]) }).tokens)).toBe(true);
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it("refuses an SQLite TEST_DATABASE_URL", () => {
    expect(() => loadTestDatabaseConfig({ TEST_DATABASE_URL: "sqlite:x" })).toThrow("TEST_DATABASE_URL: must point at MySQL or MariaDB; SQLite always runs");
  });
});

const ADMIN = { name: "wang.fang@admin", role: "ADMIN", sha256: hashToken("admin-token-for-config-tests") };
const EDITOR = { name: "li.wei", role: "EDITOR", sha256: hashToken("editor-token-for-config-tests") };

describe("loadConfig's API tokens", () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-tokens-"));
  const file = (name: string, text: string) => {
    const written = path.join(folder, name);
    fs.writeFileSync(written, text);
    return written;
  };

  it("reads named tokens with roles from GONGKAI_TOKENS_FILE, and the same JSON from GONGKAI_TOKENS", () => {
    const tokensFile = file("tokens.json", `${JSON.stringify([EDITOR, ADMIN], null, 2)}\n`);
    expect(loadConfig({ GONGKAI_TOKENS_FILE: tokensFile }).tokens).toEqual([EDITOR, ADMIN]);
    expect(loadConfig({ GONGKAI_TOKENS: JSON.stringify([ADMIN]) }).tokens).toEqual([ADMIN]);
    expect(loadConfig({ GONGKAI_TOKENS: "[]" }).tokens).toEqual([]);
    expect(loadConfig({ GONGKAI_TOKENS: "", GONGKAI_TOKENS_FILE: "", GONGKAI_API_TOKEN: "" }).tokens).toEqual([]);
  });

  it("refuses the old GONGKAI_API_TOKEN, saying how to move to a tokens file", () => {
    expect(() => loadConfig({ GONGKAI_API_TOKEN: "an-old-token-0123456789" })).toThrow(
      new ConfigError(
        "GONGKAI_API_TOKEN",
        "is no longer read: writes need named tokens with roles. Run `gongkai token create NAME --role ADMIN`, add the entry it prints to a JSON file " +
          "named by GONGKAI_TOKENS_FILE (or put the array in GONGKAI_TOKENS), send the token it prints as Authorization: Bearer TOKEN, and unset GONGKAI_API_TOKEN",
      ),
    );
  });

  it("refuses GONGKAI_TOKENS_FILE and GONGKAI_TOKENS together, an unreadable file and a file that is not JSON", () => {
    const tokensFile = file("both.json", JSON.stringify([ADMIN]));
    expect(() => loadConfig({ GONGKAI_TOKENS_FILE: tokensFile, GONGKAI_TOKENS: JSON.stringify([EDITOR]) })).toThrow(
      "GONGKAI_TOKENS: set GONGKAI_TOKENS_FILE or GONGKAI_TOKENS, not both",
    );
    const missing = path.join(folder, "missing.json");
    expect(() => loadConfig({ GONGKAI_TOKENS_FILE: missing })).toThrow(`GONGKAI_TOKENS_FILE: cannot read ${missing} (ENOENT)`);
    expect(() => loadConfig({ GONGKAI_TOKENS_FILE: folder })).toThrow(`GONGKAI_TOKENS_FILE: cannot read ${folder} (EISDIR)`);
    // The text is not repeated: a file that is not JSON may be a token pasted in by mistake.
    const pasted = file("pasted.json", "ydT3cVw2m1Q7b1kqC6s0a9y4bXn8iF2hR5oJ6zU3eLk");
    const error = (() => {
      try {
        loadConfig({ GONGKAI_TOKENS_FILE: pasted });
      } catch (thrown) {
        return thrown as ConfigError;
      }
      throw new Error("expected a ConfigError");
    })();
    expect([error instanceof ConfigError, error.variable, error.message]).toEqual([
      true,
      "GONGKAI_TOKENS_FILE",
      `GONGKAI_TOKENS_FILE: ${pasted} is not valid JSON; write an array of entries [{"name": …, "role": …, "sha256": …}]`,
    ]);
    expect(() => loadConfig({ GONGKAI_TOKENS: "[{" })).toThrow(
      'GONGKAI_TOKENS: is not valid JSON; write an array of entries [{"name": …, "role": …, "sha256": …}]',
    );
  });

  const hash = hashToken("another-token-0123456789");
  it.each([
    ["not an array", { name: "a" }, '$: must be an array of entries [{"name": …, "role": …, "sha256": …}], got an object'],
    ["an entry that is not an object", [ADMIN, "li.wei"], '$[1]: must be an object {"name": …, "role": …, "sha256": …}, got a string of 6 characters'],
    ["a missing name", [{ role: "EDITOR", sha256: hash }], "$[0].name: is missing"],
    [
      "a name with a space",
      [{ name: "li wei", role: "EDITOR", sha256: hash }],
      '$[0].name: must be 1–64 characters of A–Z, a–z, 0–9 and . _ @ -, got "li wei"',
    ],
    ["an empty name", [{ name: "", role: "EDITOR", sha256: hash }], '$[0].name: must be 1–64 characters of A–Z, a–z, 0–9 and . _ @ -, got ""'],
    [
      "a name of 65 characters",
      [{ name: "x".repeat(65), role: "EDITOR", sha256: hash }],
      "$[0].name: must be 1–64 characters of A–Z, a–z, 0–9 and . _ @ -, got a string of 65 characters",
    ],
    [
      "a name that is not a string",
      [{ name: 7, role: "EDITOR", sha256: hash }],
      "$[0].name: must be 1–64 characters of A–Z, a–z, 0–9 and . _ @ -, got a number",
    ],
    ["a duplicate name", [ADMIN, EDITOR, { ...EDITOR, sha256: hash }], '$[2].name (token "li.wei"): is also the name of $[1]; names must be unique'],
    ["a missing role", [ADMIN, { name: "li.wei", sha256: hash }], '$[1].role (token "li.wei"): is missing'],
    ["a lower-case role", [ADMIN, { ...EDITOR, role: "editor" }], '$[1].role (token "li.wei"): must be EDITOR or ADMIN, got "editor"'],
    ["an unknown role", [{ ...EDITOR, role: "READER" }], '$[0].role (token "li.wei"): must be EDITOR or ADMIN, got "READER"'],
    ["a missing sha256", [{ name: "li.wei", role: "EDITOR" }], '$[0].sha256 (token "li.wei"): is missing'],
    [
      "an upper-case sha256",
      [{ ...EDITOR, sha256: hash.toUpperCase() }],
      '$[0].sha256 (token "li.wei"): must be 64 lowercase hex digits (the token\'s SHA-256, as `gongkai token create` prints it), got a string of 64 characters',
    ],
    [
      "a sha256 that is not a hash",
      [{ ...EDITOR, sha256: "a-raw-token-pasted-by-mistake" }],
      '$[0].sha256 (token "li.wei"): must be 64 lowercase hex digits (the token\'s SHA-256, as `gongkai token create` prints it), got a string of 29 characters',
    ],
    [
      "a duplicate sha256",
      [ADMIN, { ...EDITOR, sha256: ADMIN.sha256 }],
      '$[1].sha256 (token "li.wei"): is also the hash of $[0]; each name needs its own token',
    ],
    [
      "an unknown field",
      [{ ...EDITOR, token: "a-raw-token" }],
      '$[0].token (token "li.wei"): is not a field of an entry (name, role, sha256); the file holds a token\'s hash, never the token',
    ],
  ])("refuses %s with a ConfigError naming the variable and the entry", (_case, tokens, problem) => {
    const tokensFile = file("entries.json", JSON.stringify(tokens));
    expect(() => loadConfig({ GONGKAI_TOKENS_FILE: tokensFile })).toThrow(ConfigError);
    expect(() => loadConfig({ GONGKAI_TOKENS_FILE: tokensFile })).toThrow(new ConfigError("GONGKAI_TOKENS_FILE", problem));
    expect(() => loadConfig({ GONGKAI_TOKENS: JSON.stringify(tokens) })).toThrow(new ConfigError("GONGKAI_TOKENS", problem));
  });
});
