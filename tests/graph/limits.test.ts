import type { DataSource } from "typeorm";
import { ingestSource } from "../../src/ingest/ingest-report";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { renderMarkdown } from "../../src/synthetic/report-writer";
import { syntheticAgencies, syntheticReport } from "../../src/synthetic/synthetic-reports";
import { GraphClient } from "../support/graph-client";
import { testDatabases } from "../support/test-databases";

const LIST = (first: number) =>
  `{ reports(first: ${first}) { totalCount nodes { year agency { name region { name parent { name } } } cells { code value state } } } }`;

describe.each(testDatabases())("query limits and statement counts on $name", (database) => {
  let dataSource: DataSource;
  let counted: DataSource;
  let graph: GraphClient;
  let statements: string[] = [];

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    for (const [index, agency] of syntheticAgencies(50, 3).entries()) {
      for (const year of [2021, 2022]) {
        await ingestSource(dataSource, { bytes: Buffer.from(renderMarkdown(syntheticReport(agency, year, index * 7 + year))), format: "MARKDOWN" });
      }
    }
    counted = await database.reopen(dataSource, (sql) => statements.push(sql));
    graph = await GraphClient.start(counted);
  }, 120_000);
  afterAll(async () => {
    await graph.stop();
    await counted.destroy();
    await dataSource.destroy();
  });

  async function countStatements(query: string) {
    statements = [];
    const result = await graph.run(query);
    return { result, count: statements.filter((sql) => /^\s*SELECT/i.test(sql)).length };
  }

  it("runs as many statements for 100 reports with their agency, region and cells as for 5", async () => {
    const five = await countStatements(LIST(5));
    const hundred = await countStatements(LIST(100));
    const nodes = (hundred.result.data as { reports: { totalCount: number; nodes: Array<{ cells: unknown[] }> } }).reports;
    expect(nodes.totalCount).toBe(100);
    expect(nodes.nodes).toHaveLength(100);
    expect(nodes.nodes.every((node) => node.cells.length > 200)).toBe(true);
    expect(hundred.count).toBe(five.count);
    // the page, the count, the agencies, the cells, the agencies' regions, then those regions' parents
    expect(five.count).toBe(6);
  });

  it("returns the cost of an accepted query in extensions", async () => {
    const result = await graph.run(`{ region(code: "411602") { name parent { name parent { name } } } }`);
    expect(result.extensions).toEqual({ cost: { requested: 3, maximum: 50000 } });
    const page = await graph.run(`{ reports(first: 10) { nodes { agency { name } } } }`);
    expect(page.extensions).toEqual({ cost: { requested: 1 + 10 * (1 + 1), maximum: 50000 } });
  });

  it("refuses a query that costs too much before running any statement", async () => {
    const { result, count } = await countStatements(
      `{ reports(first: 100) { nodes { cells { value } agency { reports(first: 100) { nodes { cells { value } } } } } } }`,
    );
    expect(result.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ["QUERY_TOO_COMPLEX", "the query costs 2545401; the limit is 50000 (ask for fewer items per page or fewer nested lists)"],
    ]);
    expect(result.data).toBeUndefined();
    expect(count).toBe(0);
  });

  it("refuses a query nested deeper than the limit", async () => {
    const deep = `{ region(code: "411602") { ${"parent { ".repeat(12)}name${" }".repeat(12)} } }`;
    const { result, count } = await countStatements(deep);
    expect(result.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ["QUERY_TOO_COMPLEX", "the query nests 14 levels deep; the limit is 12"],
    ]);
    expect(count).toBe(0);
  });
});
