import { readmeSection } from "../support/samples";
import { useSampleGraph } from "../support/sample-graph";
import { testDatabases } from "../support/test-databases";

/** The README's example queries, each with the JSON answer printed after it. */
function readmeExamples(): Array<{ title: string; query: string; answer: unknown }> {
  const section = readmeSection("## Example queries", "## Comparing reports");
  const pattern = /\*\*(.+?)\*\*\s*```graphql\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g;
  return [...section.matchAll(pattern)].map((match) => ({ title: match[1], query: match[2], answer: JSON.parse(match[3]) }));
}

const EXAMPLES = readmeExamples();

describe.each(testDatabases())("the README's example queries on $name", (database) => {
  const sample = useSampleGraph(database);

  it("has thirteen examples", () => {
    expect(EXAMPLES.length).toBe(13);
  });

  it.each(EXAMPLES.map((example) => [example.title, example]))("%s", async (_, example) => {
    const result = await sample.graph.run(example.query);
    expect({ data: result.data, ...(result.errors ? { errors: result.errors } : {}) }).toEqual(example.answer);
  });
});
