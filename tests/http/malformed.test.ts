import type { DataSource } from "typeorm";
import { DEFAULT_HTTP_LIMITS } from "../../src/config";
import { startHttpServer, type RunningServer } from "../../src/http/server";
import { createLogger } from "../../src/logger";
import { openWithSamples } from "../support/samples";
import { TEST_API_TOKEN, TEST_TOKENS } from "../support/graph-client";
import { testDatabases } from "../support/test-databases";

const TOKEN = TEST_API_TOKEN;

type Body = { data?: unknown; errors?: Array<{ message: string; extensions: { code: string } }> };

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<[number, Array<[string, string]>]> {
  const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const answer = (await response.json()) as Body;
  return [response.status, (answer.errors ?? []).map((error) => [error.extensions.code, error.message])];
}

describe.each(testDatabases())("requests the server cannot run, on $name", (database) => {
  let dataSource: DataSource;
  let server: RunningServer;

  beforeAll(async () => {
    dataSource = await openWithSamples(database);
    server = await startHttpServer(
      dataSource,
      { port: 0, tokens: TEST_TOKENS, limits: DEFAULT_HTTP_LIMITS, cachePollMs: 50 },
      createLogger("error", () => {}),
    );
  });
  afterAll(async () => {
    await server.stop();
    await dataSource.destroy();
  });

  it.each([
    ["anonymously", {}],
    ["with the token", { authorization: `Bearer ${TOKEN}` }],
  ])("refuses an operationName the document lacks, and several operations without a name, with HTTP 400 (%s)", async (_, headers) => {
    expect(await post(server.url, { query: "query A { years { year } }", operationName: "B" }, headers)).toEqual([
      400,
      [["OPERATION_RESOLUTION_FAILURE", 'the document has no operation named "B"']],
    ]);
    expect(await post(server.url, { query: "query A { years { year } } query B { years { year } }" }, headers)).toEqual([
      400,
      [["OPERATION_RESOLUTION_FAILURE", "the document has several operations: give operationName"]],
    ]);
  });

  it("refuses a subscription with HTTP 400 GRAPHQL_VALIDATION_FAILED, not an internal error", async () => {
    expect(await post(server.url, { query: "subscription { years { year } }" })).toEqual([
      400,
      [["GRAPHQL_VALIDATION_FAILED", "this API has no subscription operations; it answers query and mutation"]],
    ]);
  });

  it("refuses an empty cursor instead of reading it as the first page", async () => {
    expect(await post(server.url, { query: '{ reports(first: 1, after: "") { totalCount } }' })).toEqual([
      200,
      [["BAD_USER_INPUT", 'after: "" is not a cursor of this list']],
    ]);
  });
});
