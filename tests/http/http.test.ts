import type { DataSource } from "typeorm";
import { startHttpServer, type RunningServer } from "../../src/http/server";
import { createLogger } from "../../src/logger";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { TEST_API_TOKEN, TEST_TOKENS } from "../support/graph-client";
import { testDatabases } from "../support/test-databases";

describe.each(testDatabases())("the HTTP server on $name", (database) => {
  let dataSource: DataSource;
  let server: RunningServer;

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    server = await startHttpServer(dataSource, { port: 0, tokens: TEST_TOKENS }, createLogger("silent"));
  });
  afterAll(async () => {
    await server.stop();
    if (dataSource.isInitialized) await dataSource.destroy();
  });

  it("answers POST /graphql", async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ region(code: "411602") { name parent { name parent { name } } } }` }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { region: { name: "川汇区", parent: { name: "周口市", parent: { name: "河南省" } } } },
      extensions: { cost: { requested: 3, maximum: 50000 } },
    });
  });

  it("answers a malformed query with 400 and a coded error", async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ region(code: " }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((error) => error.extensions.code)).toEqual(["GRAPHQL_PARSE_FAILED"]);
  });

  it("reads the API token from the Authorization header for writes", async () => {
    const send = async (headers: Record<string, string>) => {
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query: 'mutation { deleteReport(id: "UmVwb3J0Ojk5OQ") { deletedReportId } }' }),
      });
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      return body.errors.map((error) => error.extensions.code);
    };
    expect(await send({})).toEqual(["UNAUTHENTICATED"]);
    expect(await send({ authorization: `Bearer ${TEST_API_TOKEN}` })).toEqual(["NOT_FOUND"]);
  });

  it("answers GET /healthz with 200 while the database answers, and 503 once it does not", async () => {
    const healthy = await fetch(`${server.url}/healthz`);
    expect([healthy.status, await healthy.json()]).toEqual([200, { status: "ok", database: "up" }]);
    await dataSource.destroy();
    const unhealthy = await fetch(`${server.url}/healthz`);
    expect([unhealthy.status, await unhealthy.json()]).toEqual([503, { status: "unavailable", database: "down" }]);
    const query = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ region(code: "320800") { name } }` }),
    });
    expect(((await query.json()) as { errors: Array<{ extensions: { code: string } }> }).errors.map((error) => error.extensions.code)).toEqual([
      "SERVICE_UNAVAILABLE",
    ]);
  });
});
