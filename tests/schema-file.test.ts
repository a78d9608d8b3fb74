import fs from "node:fs";
import path from "node:path";
import { printGongkaiSchema } from "../src/graph/core/schema";

describe("schema.graphql", () => {
  it("is the schema the code builds (run `npm run schema:print` after changing the graph)", () => {
    const committed = fs.readFileSync(path.join(__dirname, "..", "schema.graphql"), "utf8");
    expect(committed).toBe(printGongkaiSchema());
  });
});
