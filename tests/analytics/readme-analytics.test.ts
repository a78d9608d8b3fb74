import { readmeSection } from "../support/samples";
import { useSampleGraph } from "../support/sample-graph";
import { testDatabases } from "../support/test-databases";

const section = readmeSection("## Comparing reports", "## The graph in brief");
const QUERIES = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);

describe.each(testDatabases())("the README's analytics queries on $name", (database) => {
  const sample = useSampleGraph(database);

  it("has the six analytics queries", () => {
    expect(QUERIES).toHaveLength(6);
  });

  it.each(QUERIES.map((query, index) => [index + 1, query]))("query %i runs without errors", async (_, query) => {
    const result = await sample.graph.run(query as string);
    expect(result.errors).toBeUndefined();
    expect(result.data).not.toBeNull();
  });

  it("answers the rollup of 淮安市 on the samples: 洪泽区's AGENCY-scope report, reconciled with 淮安市人民政府's whole-city report", async () => {
    // 淮安市人民政府's text says "全市共受理…": its report is the city's GOVERNMENT_AGGREGATE, never added to its members.
    const result = await sample.graph.run(
      `{ regionRollup(regionCode: "320800", year: 2024, indicators: ["requestsReceived"]) { memberReportCount values { value } missingAgencyCount cohort { reporters enteredCount leftCount } reconciliations { values { reported } } } }`,
    );
    expect(result.data).toEqual({
      regionRollup: {
        memberReportCount: 1,
        values: [{ value: 95 }],
        missingAgencyCount: 0,
        cohort: { reporters: 1, enteredCount: 0, leftCount: 0 },
        reconciliations: [{ values: [{ reported: 3119 }] }],
      },
    });
  });
});
