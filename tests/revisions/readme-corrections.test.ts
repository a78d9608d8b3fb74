import type { DataSource } from "typeorm";
import { hashToken } from "../../src/graph/core/auth";
import { toGlobalId } from "../../src/graph/core/node";
import { Report } from "../../src/entities";
import { GraphClient } from "../support/graph-client";
import { openWithSamples, readmeSection } from "../support/samples";
import { testDatabases } from "../support/test-databases";

const TOKEN = "li-wei-editor-token-0123456789";

describe.each(testDatabases())("the README's corrections example on $name", (database) => {
  let dataSource: DataSource;
  let graph: GraphClient;

  beforeEach(async () => {
    dataSource = await openWithSamples(database);
    graph = await GraphClient.start(dataSource);
  });
  afterEach(async () => {
    await graph.stop();
    await dataSource.destroy();
  });

  it("answers the correction and the history as printed", async () => {
    const section = readmeSection("## Corrections, verification and history", "## History, releases and the change feed");
    const examples = [...section.matchAll(/```graphql\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g)];
    expect(examples).toHaveLength(2);
    // The README names the report by the id it has on the sample data.
    const report = await dataSource.getRepository(Report).findOneByOrFail({ title: "淮安市人民政府2024年政府信息公开工作年度报告" });
    expect(section).toContain(`reportId: "${toGlobalId("Report", report.id)}"`);
    const tokens = [{ name: "li.wei", role: "EDITOR" as const, sha256: hashToken(TOKEN) }];
    for (const [, query, answer] of examples) {
      const result = await graph.run(query, {}, `Bearer ${TOKEN}`, tokens);
      expect({ data: result.data, ...(result.errors ? { errors: result.errors } : {}) }).toEqual(JSON.parse(answer));
    }
  });
});
