import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { loadSamplesIntoEmptyDatabase } from "../../src/ingest/load-samples";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { GraphClient } from "../support/graph-client";
import { testDatabases } from "../support/test-databases";

const ROOT = path.join(__dirname, "..", "..");

/** The README's example queries, each with the JSON answer printed after it. */
function readmeExamples(): Array<{ title: string; query: string; answer: unknown }> {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Example queries"), readme.indexOf("## Comparing reports"));
  const pattern = /\*\*(.+?)\*\*\s*```graphql\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g;
  return [...section.matchAll(pattern)].map((match) => ({ title: match[1], query: match[2], answer: JSON.parse(match[3]) }));
}

const EXAMPLES = readmeExamples();

describe.each(testDatabases())("the README's example queries on $name", (database) => {
  let dataSource: DataSource;
  let graph: GraphClient;

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    await loadSamplesIntoEmptyDatabase(dataSource, path.join(ROOT, "samples"));
    graph = await GraphClient.start(dataSource);
  });
  afterAll(async () => {
    await graph.stop();
    await dataSource.destroy();
  });

  it("has a dozen examples", () => {
    expect(EXAMPLES.length).toBe(12);
  });

  it.each(EXAMPLES.map((example) => [example.title, example]))("%s", async (_, example) => {
    const result = await graph.run(example.query);
    expect({ data: result.data, ...(result.errors ? { errors: result.errors } : {}) }).toEqual(example.answer);
  });
});
