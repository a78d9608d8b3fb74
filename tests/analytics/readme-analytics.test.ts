import type { DataSource } from "typeorm";
import { GraphClient } from "../support/graph-client";
import { openWithSamples, readmeSection } from "../support/samples";
import { testDatabases } from "../support/test-databases";

const section = readmeSection("## Comparing reports", "## The graph in brief");
const QUERIES = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);

describe.each(testDatabases())("the README's analytics queries on $name", (database) => {
  let dataSource: DataSource;
  let graph: GraphClient;

  beforeAll(async () => {
    dataSource = await openWithSamples(database);
    graph = await GraphClient.start(dataSource);
  });
  afterAll(async () => {
    await graph.stop();
    await dataSource.destroy();
  });

  it("has the six analytics queries", () => {
    expect(QUERIES).toHaveLength(6);
  });

  it.each(QUERIES.map((query, index) => [index + 1, query]))("query %i runs without errors", async (_, query) => {
    const result = await graph.run(query as string);
    expect(result.errors).toBeUndefined();
    expect(result.data).not.toBeNull();
  });

  it("answers the rollup of 淮安市 on the samples: two AGENCY-scope reports, no aggregate report", async () => {
    const result = await graph.run(
      `{ regionRollup(regionCode: "320800", year: 2024, indicators: ["requestsReceived"]) { memberReportCount values { value } missingAgencyCount reconciliations { values { reported } } } }`,
    );
    expect(result.data).toEqual({ regionRollup: { memberReportCount: 2, values: [{ value: 3119 + 95 }], missingAgencyCount: 0, reconciliations: [] } });
  });
});
