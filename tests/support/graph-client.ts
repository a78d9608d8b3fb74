import type { ApolloServer } from "@apollo/server";
import type { DataSource } from "typeorm";
import type { Context } from "../../src/graph/core/context";
import { callerFrom } from "../../src/graph/core/auth";
import { createLoaders } from "../../src/graph/core/entity.loader";
import { createApolloServer } from "../../src/http/apollo";
import { createLogger } from "../../src/logger";

/** The API token the graph tests' server is configured with. */
export const TEST_API_TOKEN = "test-token-0123456789abcdef";

/** The result of one operation: data and errors as a client sees them. */
export interface OperationResult {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
  readonly extensions?: Record<string, unknown>;
}

/** Runs operations through the whole Apollo pipeline (parse, validate, execute, format errors). */
export class GraphClient {
  private constructor(
    private readonly server: ApolloServer<Context>,
    private readonly dataSource: DataSource,
  ) {}

  static async start(dataSource: DataSource): Promise<GraphClient> {
    const server = createApolloServer(createLogger("silent"));
    await server.start();
    return new GraphClient(server, dataSource);
  }

  /** Runs an operation; `authorization` is the Authorization header's value, checked against `apiToken`. */
  async run(
    query: string,
    variables: Record<string, unknown> = {},
    authorization?: string,
    apiToken: string | null = TEST_API_TOKEN,
  ): Promise<OperationResult> {
    const response = await this.server.executeOperation(
      { query, variables },
      { contextValue: { dataSource: this.dataSource, loaders: createLoaders(this.dataSource), caller: callerFrom(authorization, apiToken) } },
    );
    if (response.body.kind !== "single") throw new Error("expected a single result");
    return response.body.singleResult as OperationResult;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }
}
