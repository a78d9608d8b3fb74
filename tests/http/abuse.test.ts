import net from "node:net";
import type { DataSource } from "typeorm";
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from "../../src/config";
import { countRegionsAt } from "../../src/domain/region-lookup";
import { startHttpServer, type RunningServer } from "../../src/http/server";
import { createLogger } from "../../src/logger";
import { openWithSamples } from "../support/samples";
import { TEST_API_TOKEN, TEST_TOKENS } from "../support/graph-client";
import { testDatabases } from "../support/test-databases";

const TOKEN = TEST_API_TOKEN;
const sqlite = testDatabases()[0];
/** A hang guard, not a speed assertion: a refusal that takes this long means the work was not bounded. */
const HANG_GUARD_MS = 5_000;

type Body = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions: { code: string } & Record<string, unknown> }> };

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Body; ms: number }> {
  const started = Date.now();
  const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Body, ms: Date.now() - started };
}

/** `fragment F1 on Query { ...F0 ...F0 }` … up to F`levels`: a kilobyte that expands to 2^levels selections. */
function fragmentBomb(levels: number): string {
  let text = `query { ...F${levels} }\nfragment F0 on Query { years { year } }\n`;
  for (let level = 1; level <= levels; level += 1) text += `fragment F${level} on Query { ...F${level - 1} ...F${level - 1} }\n`;
  return text;
}

describe("requests meant to freeze or bloat the server", () => {
  let dataSource: DataSource;
  let server: RunningServer;
  const logLines: string[] = [];

  async function start(limits: Partial<HttpLimits> = {}, source: DataSource = dataSource): Promise<RunningServer> {
    const logger = createLogger("info", (line) => logLines.push(line));
    return startHttpServer(source, { port: 0, tokens: TEST_TOKENS, limits: { ...DEFAULT_HTTP_LIMITS, ...limits }, cachePollMs: 50 }, logger);
  }

  beforeAll(async () => {
    dataSource = await openWithSamples(sqlite);
    server = await start();
  });
  afterAll(async () => {
    await server.stop();
    await dataSource.destroy();
  });

  it("refuses a kilobyte of doubling fragments with QUERY_TOO_COMPLEX and HTTP 400, without expanding it", async () => {
    const query = fragmentBomb(30);
    expect(query.length).toBeLessThan(1300);
    const refused = await post(server.url, { query });
    expect([refused.status, refused.body]).toEqual([
      400,
      {
        errors: [
          {
            message: "the query has 2147483648 field selections once its fragments are expanded; the limit is 5000",
            extensions: { code: "QUERY_TOO_COMPLEX", expandedFields: 2147483648, limit: 5000 },
          },
        ],
      },
    ]);
    expect(refused.ms).toBeLessThan(HANG_GUARD_MS);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it("accepts a fragment spread many times when its expansion stays small", async () => {
    const answered = await post(server.url, { query: fragmentBomb(8) });
    expect([answered.status, answered.body.errors, (answered.body.data?.years as unknown[]).length]).toEqual([200, undefined, 4]);
  });

  it("refuses more than 100 aliases and more than 5,000 tokens", async () => {
    const aliases = Array.from({ length: 101 }, (_, index) => `a${index}: years { year }`).join(" ");
    const refused = await post(server.url, { query: `{ ${aliases} }` });
    expect([refused.status, refused.body.errors?.[0].message, refused.body.errors?.[0].extensions.code]).toEqual([
      400,
      "the query has 101 aliased fields; the limit is 100",
      "QUERY_TOO_COMPLEX",
    ]);
    const tokens = await post(server.url, { query: `{ ${"__typename ".repeat(5_000)} }` });
    expect([tokens.status, tokens.body.errors?.[0].message, tokens.body.errors?.[0].extensions.code]).toEqual([
      400,
      // graphql-js's own wording.
      "Syntax Error: Document contains more that 5000 tokens. Parsing aborted.",
      "GRAPHQL_PARSE_FAILED",
    ]);
  });

  it("costs an aggregate by the groups it can produce, so four group-bys at county level are refused before any SQL", async () => {
    const query = `{ aggregate(groupBy: [YEAR, REGION, AGENCY_KIND, TEMPLATE_VERSION], regionLevel: COUNTY, indicators: ["requestsReceived"]) { reportCount } }`;
    const groups = 20 * countRegionsAt("COUNTY") * 5 * 4;
    const refused = await post(server.url, { query });
    expect([refused.status, refused.body.errors?.[0].message]).toEqual([
      400,
      `the query costs ${1 + groups}; the limit is 50000 (ask for fewer items per page or fewer nested lists)`,
    ]);
    const narrow = await post(server.url, {
      query: `{ aggregate(filter: { regionCode: "320800", yearFrom: 2024, yearTo: 2024 }, groupBy: [REGION], regionLevel: COUNTY, indicators: ["requestsReceived"]) { region { code } reportCount } }`,
    });
    expect([narrow.status, narrow.body.errors, narrow.body.data]).toEqual([
      200,
      undefined,
      // 淮安市人民政府's 2024 report sums the whole city (its text says so): it is not one of the AGENCY-scope members.
      { aggregate: [{ region: { code: "320813" }, reportCount: 1 }] },
    ]);
  });

  it("refuses a variable of the wrong type with BAD_USER_INPUT and HTTP 400", async () => {
    const refused = await post(server.url, { query: "query ($n: Int!) { reports(first: $n) { totalCount } }", variables: { n: "ten" } });
    expect([refused.status, refused.body.errors?.[0].extensions.code, refused.body.errors?.[0].message]).toEqual([
      400,
      "BAD_USER_INPUT",
      'Variable "$n" got invalid value "ten"; Int cannot represent non-integer value: "ten"',
    ]);
  });

  it("refuses a forged cursor holding 1e400 and a name filter holding NUL, with BAD_USER_INPUT", async () => {
    const forged = Buffer.from("[1e400,1]").toString("base64url");
    const cursor = await post(server.url, { query: `{ reports(first: 1, after: "${forged}") { totalCount } }` });
    expect(cursor.body.errors?.map((error) => [error.extensions.code, error.message])).toEqual([
      ["BAD_USER_INPUT", `after: "${forged}" is not a cursor of this list`],
    ]);
    const nul = await post(server.url, {
      query: "query ($t: String) { agencies(first: 5, filter: { nameContains: $t }) { totalCount } }",
      variables: { t: "\u0000" },
    });
    expect(nul.body.errors?.map((error) => [error.extensions.code, error.message])).toEqual([
      ["BAD_USER_INPUT", "filter.nameContains: must not contain control characters (such as NUL or a line break)"],
    ]);
  });

  it("repeats at most 80 characters of a long input in an error message", async () => {
    const refused = await post(server.url, { query: "query ($c: String!) { region(code: $c) { name } }", variables: { c: "9".repeat(1_000_000) } });
    expect(refused.body.errors?.[0].message).toBe(`code: "${"9".repeat(80)}… (1000000 characters)" is not a 6-digit region code`);
  });

  it("counts a request with a wrong token against the rate limit", async () => {
    const limited = await start({ rateLimitPerMinute: 2, responseCacheEntries: 0 });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 3; index += 1)
        statuses.push((await post(limited.url, { query: "{ years { year } }" }, { authorization: "Bearer not-the-token-at-all" })).status);
      expect(statuses).toEqual([200, 200, 429]);
      expect((await post(limited.url, { query: "{ years { year } }" }, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it("keeps the response cache within its byte budget and never keeps an answer above the entry limit", async () => {
    const small = await start({ responseCacheBytes: 64 * 1024, responseCacheMaxEntryBytes: 16 * 1024 });
    try {
      for (let index = 0; index < 40; index += 1) await post(small.url, { query: `{ q${index}: regions(first: 40) { nodes { code name } } }` });
      const stats = small.cacheStats()!;
      expect(stats.bytes).toBeLessThanOrEqual(64 * 1024);
      expect(stats.size).toBeGreaterThan(0);
      const large = { query: "{ reports(first: 5) { nodes { cells { code value state raw } } } }" };
      const first = await fetch(`${small.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(large) });
      expect((await first.text()).length * 2).toBeGreaterThan(16 * 1024);
      const second = await fetch(`${small.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(large) });
      expect([first.headers.get("x-cache"), second.headers.get("x-cache")]).toEqual(["miss", "miss"]);
    } finally {
      await small.stop();
    }
  });

  it("answers body-parser failures and unknown routes in JSON with a code and no stack", async () => {
    const charset = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json; charset=klingon-8" }, body: "{}" });
    expect([charset.status, await charset.json()]).toEqual([
      415,
      { errors: [{ message: "the request body's charset is not supported (send UTF-8)", extensions: { code: "UNSUPPORTED_MEDIA_TYPE" } }] },
    ]);
    const encoding = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "zstd-x" },
      body: "{}",
    });
    expect([encoding.status, await encoding.json()]).toEqual([
      415,
      {
        errors: [
          {
            message: "the request body's Content-Encoding is not supported (use identity, gzip, deflate or br)",
            extensions: { code: "UNSUPPORTED_MEDIA_TYPE" },
          },
        ],
      },
    ]);
    const missing = await fetch(`${server.url}/nowhere`);
    expect([missing.status, await missing.json()]).toEqual([
      404,
      {
        errors: [
          {
            message: 'no route GET "/nowhere"; the API is POST /graphql, GET /healthz, GET /export/*.csv and GET /export/reports.xlsx',
            extensions: { code: "NOT_FOUND" },
          },
        ],
      },
    ]);
  });

  it("answers an export with 503 SERVICE_UNAVAILABLE, not a 200 and a cut connection, when the database is down", async () => {
    const doomed = await sqlite.reopen(dataSource);
    const detached = await start({}, doomed);
    try {
      await doomed.destroy();
      const response = await fetch(`${detached.url}/export/cells.csv`);
      expect([response.status, await response.json()]).toEqual([
        503,
        { errors: [{ message: "The database is not available right now; try again shortly", extensions: { code: "SERVICE_UNAVAILABLE" } }] },
      ]);
    } finally {
      await detached.stop();
    }
  });

  it("cuts a request still running at the shutdown deadline", async () => {
    const stopping = await start({ shutdownDeadlineMs: 100 });
    // A body announced as 1,000 bytes of which 10 arrive: the request stays in flight until it is cut.
    const socket = net.connect(stopping.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.write('POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":');
    socket.on("error", () => {});
    let guard: NodeJS.Timeout | undefined;
    const hung = new Promise((resolve) => (guard = setTimeout(() => resolve("hung"), HANG_GUARD_MS)));
    await expect(Promise.race([stopping.stop().then(() => "stopped"), hung])).resolves.toBe("stopped");
    clearTimeout(guard);
    await closed;
    expect(logLines.some((line) => line.includes("shutdown deadline reached"))).toBe(true);
  });
});
