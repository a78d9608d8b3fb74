import type { DataSource } from "typeorm";
import { GraphClient } from "./graph-client";
import { openWithSamples } from "./samples";
import type { TestDatabase } from "./test-databases";

/** The sample database and a client for the graph over it, as a describe block's hooks leave them. */
export interface SampleGraph {
  readonly dataSource: DataSource;
  readonly graph: GraphClient;
}

/**
 * Opens `database` with the samples loaded and starts a graph client over it before the surrounding describe
 * block's tests, and stops both after them. Read `dataSource` and `graph` inside the tests (they exist from then on).
 */
export function useSampleGraph(database: Pick<TestDatabase, "open">): SampleGraph {
  const opened: { dataSource?: DataSource; graph?: GraphClient } = {};
  beforeAll(async () => {
    opened.dataSource = await openWithSamples(database);
    opened.graph = await GraphClient.start(opened.dataSource);
  });
  afterAll(async () => {
    await opened.graph?.stop();
    await opened.dataSource?.destroy();
  });
  return {
    get dataSource() {
      if (!opened.dataSource) throw new Error("useSampleGraph: the database is opened in beforeAll; read it inside a test");
      return opened.dataSource;
    },
    get graph() {
      if (!opened.graph) throw new Error("useSampleGraph: the graph client starts in beforeAll; read it inside a test");
      return opened.graph;
    },
  };
}
