import fs from "node:fs";
import path from "node:path";
import express from "express";
import type { DataSource } from "typeorm";
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from "../../src/config";
import { timeoutMiddleware } from "../../src/http/limits";
import { startHttpServer, type RunningServer } from "../../src/http/server";
import { ingestSource } from "../../src/ingest/ingest-report";
import { Report } from "../../src/entities";
import { toGlobalId } from "../../src/graph/core/node";
import { correctCells } from "../../src/services/report-review";
import { createLogger } from "../../src/logger";
import { openWithSamples, SAMPLES } from "../support/samples";
import { TEST_API_TOKEN, TEST_TOKENS } from "../support/graph-client";
import { testDatabases } from "../support/test-databases";

const TOKEN = TEST_API_TOKEN;
const sqlite = testDatabases()[0];

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { response, body: (await response.json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions: { code: string } }> } };
}

describe("the HTTP server under load and abuse", () => {
  let dataSource: DataSource;
  let counted: DataSource;
  let statements = 0;
  let server: RunningServer;
  const logLines: string[] = [];

  async function start(limits: Partial<HttpLimits> = {}): Promise<RunningServer> {
    const logger = createLogger("info", (line) => logLines.push(line));
    return startHttpServer(counted, { port: 0, tokens: TEST_TOKENS, limits: { ...DEFAULT_HTTP_LIMITS, ...limits }, cachePollMs: 50 }, logger);
  }

  beforeAll(async () => {
    dataSource = await openWithSamples(sqlite);
    // The cache's own poll of the revision clock is not a request's statement.
    counted = await sqlite.reopen(dataSource, (sql) => {
      if (!sql.includes("FROM revision_clock")) statements += 1;
    });
    server = await start();
  });
  afterAll(async () => {
    await server.stop();
    await counted.destroy();
    await dataSource.destroy();
  });

  it("answers a repeated anonymous query from its cache without touching the database", async () => {
    const query = { query: "{ reports(first: 5) { totalCount nodes { year agency { name } } } }" };
    const first = await post(server.url, query);
    expect([first.response.headers.get("x-cache"), first.response.headers.get("cache-control")]).toEqual(["miss", "max-age=60, public"]);
    statements = 0;
    const second = await post(server.url, query);
    expect([second.response.headers.get("x-cache"), statements]).toEqual(["hit", 0]);
    expect(second.body).toEqual(first.body);
  });

  it("lets catalog answers be cached for a day", async () => {
    const { response } = await post(server.url, { query: '{ indicators(tableCode: "ART20_8") { code } region(code: "320800") { name } }' });
    expect(response.headers.get("cache-control")).toBe("max-age=86400, public");
  });

  it("never caches for a caller with a token, and drops cached answers after a write through the API", async () => {
    const query = { query: "{ reports(first: 1) { totalCount } }" };
    await post(server.url, query);
    expect((await post(server.url, query)).response.headers.get("x-cache")).toBe("hit");
    expect((await post(server.url, query, { authorization: `Bearer ${TOKEN}` })).response.headers.get("x-cache")).toBeNull();
    const text = fs.readFileSync(path.join(SAMPLES, "hongze-district-2024.txt"), "utf8").replace(/2024/g, "2025");
    const written = await post(
      server.url,
      { query: "mutation ($t: String!) { ingestReport(input: { text: $t }) { status } }", variables: { t: text } },
      { authorization: `Bearer ${TOKEN}` },
    );
    expect(written.body.data).toEqual({ ingestReport: { status: "INGESTED" } });
    const after = await post(server.url, query);
    expect([after.response.headers.get("x-cache"), after.body.data]).toEqual(["miss", { reports: { totalCount: 6 } }]);
  });

  it("notices writes by another process within the poll interval", async () => {
    const query = { query: "{ years { year reportCount } }" };
    // A poll that notices the previous test's write may drop the cache between two requests: ask until the answer
    // is served from the cache (a hang guard bounds it).
    let cached = await post(server.url, query);
    for (
      const deadline = Date.now() + 30_000;
      cached.response.headers.get("x-cache") !== "hit" && Date.now() < deadline;
      cached = await post(server.url, query)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(cached.response.headers.get("x-cache")).toBe("hit");
    const text = fs.readFileSync(path.join(SAMPLES, "hongze-district-2024.txt"), "utf8").replace(/2024/g, "2026");
    await ingestSource(dataSource, { bytes: Buffer.from(text), format: "TEXT" });
    // Wait for the poll to notice (however loaded the machine), asking as a client would; a hang guard bounds it.
    let after = await post(server.url, query);
    for (
      const deadline = Date.now() + 30_000;
      after.response.headers.get("x-cache") === "hit" && Date.now() < deadline;
      after = await post(server.url, query)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(after.response.headers.get("x-cache")).toBe("miss");
    expect((after.body.data as { years: Array<{ year: number }> }).years[0].year).toBe(2026);
  });

  it("notices a correction by another process, which changes no report row's ingest time, within the poll interval", async () => {
    const report = await dataSource.getRepository(Report).findOneOrFail({ where: {}, order: { id: "ASC" } });
    const query = {
      query: `{ report(id: "${toGlobalId("Report", report.id)}") { revisionNumber cells(filter: { tableCode: "APPLICATIONS", rowCode: "NEW_RECEIVED", columnCode: "TOTAL" }) { value state } } }`,
    };
    const ask = async (until: (cache: string | null) => boolean) => {
      let answer = await post(server.url, query);
      for (
        const deadline = Date.now() + 30_000;
        !until(answer.response.headers.get("x-cache")) && Date.now() < deadline;
        answer = await post(server.url, query)
      ) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return answer;
    };
    expect((await ask((cache) => cache === "hit")).response.headers.get("x-cache")).toBe("hit");
    await correctCells(
      dataSource,
      { reportId: report.id, revision: report.revision, corrections: [{ cell: "APPLICATIONS.NEW_RECEIVED.TOTAL", value: 4321, reason: "read again" }] },
      { actor: "cli:ops" },
    );
    const after = await ask((cache) => cache !== "hit");
    expect([after.response.headers.get("x-cache"), after.body.data]).toEqual([
      "miss",
      { report: { revisionNumber: report.revision + 1, cells: [{ value: 4321, state: "CORRECTED" }] } },
    ]);
  });

  it("logs one JSON line per request with duration, operation, cost and status, and never the token", async () => {
    logLines.length = 0;
    await post(server.url, { query: 'query Regions { region(code: "411602") { name } }' }, { authorization: `Bearer ${TOKEN}` });
    const lines = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === "graphql");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      operation: "Regions",
      type: "query",
      cost: 1,
      status: 200,
      errors: [],
      authenticated: true,
      token: "test-admin",
    });
    expect(typeof lines[0].durationMs).toBe("number");
    expect(logLines.join("\n")).not.toContain(TOKEN);
  });

  it("refuses an oversized body with PAYLOAD_TOO_LARGE and malformed JSON with BAD_REQUEST", async () => {
    const big = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "x".repeat(21 * 1024 * 1024) }),
    });
    expect([big.status, await big.json()]).toEqual([
      413,
      { errors: [{ message: "the request body is larger than 20mb", extensions: { code: "PAYLOAD_TOO_LARGE" } }] },
    ]);
    const broken = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{ nope" });
    expect([broken.status, await broken.json()]).toEqual([
      400,
      { errors: [{ message: "the request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] },
    ]);
  });

  it("limits anonymous requests per client and minute, but not a caller with a token", async () => {
    const limited = await start({ rateLimitPerMinute: 3, responseCacheEntries: 0 });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 4; index += 1) statuses.push((await post(limited.url, { query: "{ years { year } }" })).response.status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await post(limited.url, { query: "{ years { year } }" });
      expect(refused.body).toEqual({
        errors: [{ message: "more than 3 requests a minute from this client; wait and try again", extensions: { code: "RATE_LIMITED" } }],
      });
      expect((await post(limited.url, { query: "{ years { year } }" }, { authorization: `Bearer ${TOKEN}` })).response.status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it("answers CORS preflights for the configured origins only", async () => {
    const restricted = await start({ corsOrigins: ["https://dashboard.example.org"] });
    try {
      const preflight = (origin: string) =>
        fetch(`${restricted.url}/graphql`, {
          method: "OPTIONS",
          headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
        });
      expect((await preflight("https://dashboard.example.org")).headers.get("access-control-allow-origin")).toBe("https://dashboard.example.org");
      expect((await preflight("https://elsewhere.example.com")).headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await restricted.stop();
    }
  });

  it("answers a request that runs past the timeout with TIMEOUT", async () => {
    const app = express();
    app.use(timeoutMiddleware({ ...DEFAULT_HTTP_LIMITS, requestTimeoutMs: 20 }));
    app.get("/slow", (_request, response) => void setTimeout(() => response.headersSent || response.json({ late: true }), 200));
    const listener = app.listen(0);
    await new Promise((resolve) => listener.once("listening", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(listener.address() as { port: number }).port}/slow`);
      expect([response.status, await response.json()]).toEqual([
        503,
        { errors: [{ message: "the request took longer than 20 ms", extensions: { code: "TIMEOUT" } }] },
      ]);
    } finally {
      listener.close();
    }
  });
});
